"""`souk ingest`: load a file into an index with progress bars."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from souk.cli.common import IndexOpt, JsonOpt, ingest_with_progress, open_engine, report_ingest

app = typer.Typer()


@app.command("ingest")
def ingest(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="CSV, NDJSON, JSON or Parquet (gzip ok)."),
    ],
    index: IndexOpt,
    primary_key: Annotated[str | None, typer.Option("--primary-key")] = None,
    update: Annotated[bool, typer.Option("--update", help="Partial update, not replace.")] = False,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", help="Documents per task.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv|ndjson|json|parquet (default: by name).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Load documents from a file into an index (one task per batch)."""
    with open_engine() as engine:
        summary = ingest_with_progress(
            engine,
            index,
            file,
            primary_key=primary_key,
            update=update,
            batch_size=batch_size,
            fmt=fmt,
            quiet=as_json,
        )
    report_ingest(summary, as_json)
