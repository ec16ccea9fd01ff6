"""`souk events ingest`: store shoppers' behaviour events from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from souk.cli.common import IndexOpt, JsonOpt, console, err_console, fail, open_engine, print_json
from souk.errors import SoukError

app = typer.Typer(help="Behaviour events (views, clicks, carts, purchases).", no_args_is_help=True)


@app.command("ingest")
def events_ingest(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    index: IndexOpt,
    as_json: JsonOpt = False,
) -> None:
    """Store events from NDJSON (one per line) or a JSON array; all lines are checked first."""
    with (
        open_engine() as engine,
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
            fail(exc, as_json)
    _report_events(summary, as_json)


def _report_events(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(summary)
        return
    console.print(f"stored {summary['stored']:,} of {summary['received']:,} events")
    unknown = summary["unknownProductIds"]
    if unknown:
        console.print(
            f"[yellow]{len(unknown)} product id(s) are not in the catalog[/yellow] (kept, "
            f"flagged): {', '.join(unknown[:10])}{' …' if len(unknown) > 10 else ''}"
        )
