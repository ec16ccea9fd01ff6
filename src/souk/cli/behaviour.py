"""CLI commands about shoppers' behaviour: events, recommendations, analytics, `eval recs`.

Registered on the main ``souk`` app by :mod:`souk.cli` (kept apart so that module stays about
catalogs and search).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from souk.cli.main import (
    IndexOpt,
    JsonOpt,
    _engine,
    _eval_progress,
    _fail,
    _print_json,
    app,
    console,
    demo_app,
    err_console,
    eval_app,
)
from souk.errors import SoukError
from souk.recommend.base import RequestKind

events_app = typer.Typer(
    help="Behaviour events (views, clicks, carts, purchases).", no_args_is_help=True
)
recommend_app = typer.Typer(help="Train and query recommendations.", no_args_is_help=True)
app.add_typer(events_app, name="events")
app.add_typer(recommend_app, name="recommend")

LimitOpt = Annotated[int, typer.Option("--limit", min=0, max=1000)]
FilterOpt = Annotated[str | None, typer.Option("--filter", help="Same grammar as search.")]


@events_app.command("ingest")
def events_ingest(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    index: IndexOpt,
    as_json: JsonOpt = False,
) -> None:
    """Store events from NDJSON (one per line) or a JSON array; all lines are checked first."""
    with (
        _engine() as engine,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err_console,
            disable=as_json,
        ) as progress,
    ):
        bar = progress.add_task("storing events", total=None)
        try:
            summary = engine.behaviour.ingest_file(
                index,
                file,
                progress=lambda n: progress.update(bar, description=f"stored {n:,} events"),
            )
        except SoukError as exc:
            _fail(exc, as_json)
    _report_events(summary, as_json)


@demo_app.command("events")
def demo_events(
    index: IndexOpt = "demo",
    shoppers: Annotated[int, typer.Option("--shoppers", min=1)] = 2000,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    force: Annotated[
        bool, typer.Option("--force", help="Add events even if the index already has some.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Generate synthetic shopper behaviour over the demo catalog, store it and train on it."""
    from souk.events.synthetic import synthetic_events

    with _engine() as engine:
        try:
            existing = sum(engine.behaviour.events.count(index).values())
            if existing and not force:
                message = f"index {index} already has {existing:,} events; kept (use --force)"
                if as_json:
                    _print_json({"skipped": True, "events": existing})
                else:
                    console.print(message)
                return
            products = [
                {"id": d.doc_id, "category": d.body.get("subcategory") or d.body.get("category")}
                for batch in engine.store.iter_documents(index, batch_size=5000)
                for d in batch
            ]
            if not products:
                raise SoukError(f"Index `{index}` has no documents.", "index_empty")
            events = list(synthetic_events(products, shoppers=shoppers, seed=seed))
            summary = engine.behaviour.record_events_bulk(index, events)
            task = engine.wait_for_task(engine.behaviour.train(index).uid)
        except SoukError as exc:
            _fail(exc, as_json)
    summary["training"] = task.to_dict()
    if as_json:
        _print_json(summary)
    else:
        console.print(
            f"stored {summary['stored']:,} synthetic events; recommendations trained "
            f"(task {task.uid}, {task.status.value})"
        )


def _report_events(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        _print_json(summary)
        return
    console.print(f"stored {summary['stored']:,} of {summary['received']:,} events")
    unknown = summary["unknownProductIds"]
    if unknown:
        console.print(
            f"[yellow]{len(unknown)} product id(s) are not in the catalog[/yellow] (kept, "
            f"flagged): {', '.join(unknown[:10])}{' …' if len(unknown) > 10 else ''}"
        )


@recommend_app.command("train")
def recommend_train(
    index: IndexOpt,
    incremental: Annotated[
        bool,
        typer.Option("--incremental", help="Add only the events since the last training."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Train the index's recommenders on all its events (runs as a task)."""
    with _engine() as engine:
        try:
            task = engine.behaviour.train(index, incremental=incremental)
        except SoukError as exc:
            _fail(exc, as_json)
        progress = _eval_progress(as_json)
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
        _print_json(done.to_dict())
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


def _recommend(
    kind: RequestKind, key: str, index: str, limit: int, flt: str | None, as_json: bool
) -> None:
    with _engine() as engine:
        try:
            result = engine.scoped(index).recommend(kind, key, limit=limit, filter_=flt)
            primary_key = engine.get_index(index).primary_key or "id"
        except SoukError as exc:
            _fail(exc, as_json)
    if as_json:
        _print_json(result)
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


@recommend_app.command("similar")
def recommend_similar(
    product_id: str,
    index: IndexOpt,
    limit: LimitOpt = 10,
    flt: FilterOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Products like this one (content, co-views, shared shoppers)."""
    _recommend(RequestKind.SIMILAR, product_id, index, limit, flt, as_json)


@recommend_app.command("bought-together")
def recommend_bought_together(
    product_id: str,
    index: IndexOpt,
    limit: LimitOpt = 10,
    flt: FilterOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Products bought (or carted) together with this one."""
    _recommend(RequestKind.BOUGHT_TOGETHER, product_id, index, limit, flt, as_json)


@recommend_app.command("for-user")
def recommend_for_user(
    user_id: str,
    index: IndexOpt,
    limit: LimitOpt = 10,
    flt: FilterOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Personal recommendations from a shopper's history."""
    _recommend(RequestKind.FOR_USER, user_id, index, limit, flt, as_json)


@recommend_app.command("for-session")
def recommend_for_session(
    session_id: str,
    index: IndexOpt,
    limit: LimitOpt = 10,
    flt: FilterOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What to show next in a session, from its latest products."""
    _recommend(RequestKind.FOR_SESSION, session_id, index, limit, flt, as_json)


@app.command("analytics")
def analytics(
    index: IndexOpt,
    since_days: Annotated[
        float | None, typer.Option("--since-days", min=0, help="Only the last N days.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Top queries, zero-result queries, click-through and conversion."""
    since = None if since_days is None else time.time() - since_days * 86_400
    with _engine() as engine:
        try:
            report = engine.behaviour.analytics(index, since=since, limit=limit)
        except SoukError as exc:
            _fail(exc, as_json)
    if as_json:
        _print_json(report)
        return
    console.print(
        f"{report['searches']:,} searches · CTR {report['clickThroughRate']:.1%} · conversion "
        f"{report['conversionRate']:.1%} · events {report['events']}"
    )
    for title, rows, columns in (
        (
            "top queries",
            report["topQueries"],
            ("query", "searches", "clickThroughRate", "conversionRate", "averageHits"),
        ),
        (
            "zero-result queries",
            report["zeroResultQueries"],
            ("query", "searches", "zeroResultSearches"),
        ),
        (
            "top products",
            report["topProducts"],
            ("productId", "views", "clicks", "addToCart", "purchases"),
        ),
    ):
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(escape(str(row[c])) for c in columns))
        console.print(table)


@eval_app.command("recs")
def eval_recs(
    sequences: Annotated[
        Path,
        typer.Option(
            "--sequences", exists=True, dir_okay=False, help="user item1 item2 ... per line"
        ),
    ],
    split: Annotated[
        str, typer.Option("--split", help="test (last item) or valid (second last, for tuning)")
    ] = "test",
    as_json: JsonOpt = False,
) -> None:
    """Next-item recommendation, full ranking (S3-Rec/ICLRec protocol): HR and NDCG @10/@20."""
    from souk.eval.recs import evaluate_sequences, read_sequences

    progress = _eval_progress(as_json)
    try:
        report = evaluate_sequences(
            read_sequences(sequences),
            split=split,
            progress=None if progress is None else (lambda d, n: progress("users ranked", d, n)),
        )
    except SoukError as exc:
        _fail(exc, as_json)
    finally:
        if progress is not None:
            progress.progress.stop()
    result = report.to_dict()
    if as_json:
        _print_json(result)
        return
    table = Table(
        title=f"{sequences.name} ({split}: {report.users:,} users, {report.items:,} items)"
    )
    for column in ("HR@10", "NDCG@10", "HR@20", "NDCG@20", "seconds"):
        table.add_column(column)
    table.add_row(*(str(result[c]) for c in ("HR@10", "NDCG@10", "HR@20", "NDCG@20", "seconds")))
    console.print(table)
