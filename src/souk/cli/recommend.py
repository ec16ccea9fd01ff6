"""`souk recommend train|similar|bought-together|for-user|for-session`."""

# No `from __future__ import annotations`: the query commands' argument annotations are built
# in a loop and must be evaluated where they are written.

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from souk.cli.common import (
    IndexOpt,
    JsonOpt,
    console,
    err_console,
    fail,
    open_engine,
    print_json,
    stage_progress,
)
from souk.errors import SoukError
from souk.recommend.base import RequestKind

app = typer.Typer(help="Train and query recommendations.", no_args_is_help=True)

LimitOpt = Annotated[int, typer.Option("--limit", min=0, max=1000)]
FilterOpt = Annotated[str | None, typer.Option("--filter", help="Same grammar as search.")]

# One command per kind of request: what its argument is called, and its help.
QUERIES: dict[RequestKind, tuple[str, str]] = {
    RequestKind.SIMILAR: (
        "product_id",
        "Products like this one (content, co-views, shared shoppers).",
    ),
    RequestKind.BOUGHT_TOGETHER: (
        "product_id",
        "Products bought (or carted) together with this one.",
    ),
    RequestKind.FOR_USER: ("user_id", "Personal recommendations from a shopper's history."),
    RequestKind.FOR_SESSION: (
        "session_id",
        "What to show next in a session, from its latest products.",
    ),
}


@app.command("train")
def recommend_train(
    index: IndexOpt,
    incremental: Annotated[
        bool,
        typer.Option("--incremental", help="Add only the events since the last training."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Train the index's recommenders on all its events (runs as a task)."""
    with open_engine() as engine:
        try:
            task = engine.behaviour.train(index, incremental=incremental)
        except SoukError as exc:
            fail(exc, as_json)
        progress = stage_progress(as_json)
        try:
            done = engine.wait_for_task(
                task.uid,
                timeout=3600,
                progress=None
                if progress is None
                else (lambda _t, stage, d, n: progress(stage, d, n)),
            )
        finally:
            if progress is not None:
                progress.progress.stop()
    if as_json:
        print_json(done.to_dict())
    elif done.error:
        err_console.print(f"[red]training failed[/red]: {done.error['message']}")
    else:
        d = done.details
        console.print(
            f"[green]trained ({d['mode']})[/green] on {d['events']:,} events, "
            f"{d['users']:,} shoppers, {d['items']:,} products in {d['seconds']}s "
            f"(task {done.uid})"
        )
    if done.error:
        raise typer.Exit(1)


def _show_recommendations(
    kind: RequestKind, key: str, index: str, limit: int, flt: str | None, as_json: bool
) -> None:
    """Ask for one kind of recommendation and print the hits with why each was chosen."""
    with open_engine() as engine:
        try:
            result = engine.scoped(index).recommend(kind, key, limit=limit, filter_=flt)
            primary_key = engine.get_index(index).primary_key or "id"
        except SoukError as exc:
            fail(exc, as_json)
    if as_json:
        print_json(result)
        return
    table = Table(title=f"{kind.value} {key}")
    for column in ("#", "id", "title", "why", "score"):
        table.add_column(column)
    for n, hit in enumerate(result["hits"], start=1):
        table.add_row(
            str(n),
            str(hit.get(primary_key, "")),
            escape(str(hit.get("title") or hit.get("name") or "")[:60]),
            hit["_reason"]["text"],
            f"{hit['_recommendationScore']:.3f}",
        )
    console.print(table)


def _add_query_command(kind: RequestKind, key_name: str, summary: str) -> None:
    """Register ``souk recommend <kind> KEY``, its argument shown as ``key_name``."""

    @app.command(kind.value, help=summary)
    def query(
        key: Annotated[str, typer.Argument(metavar=key_name)],
        index: IndexOpt,
        limit: LimitOpt = 10,
        flt: FilterOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        _show_recommendations(kind, key, index, limit, flt, as_json)


for _kind, (_key_name, _summary) in QUERIES.items():
    _add_query_command(_kind, _key_name, _summary)
