"""`souk bench`: ingest and query speed against tantivy and Typesense."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from souk.cli.common import JsonOpt, console, print_json, stage_progress

app = typer.Typer()


@app.command("bench")
def bench(
    products: Annotated[int, typer.Option("--products", min=100)] = 100_000,
    queries: Annotated[int, typer.Option("--queries", min=10, help="per query kind")] = 200,
    concurrency: Annotated[
        str, typer.Option("--concurrency", help="comma-separated client counts")
    ] = "1,8",
    peer: Annotated[str, typer.Option("--peer", help="typesense or none")] = "typesense",
    vector_sample: Annotated[
        int, typer.Option("--vector-sample", min=0, help="documents embedded for hybrid")
    ] = 1000,
    out_dir: Annotated[Path, typer.Option("--out")] = Path("bench/results"),
    souk_workers: Annotated[
        int, typer.Option("--souk-workers", min=1, help="`souk serve --workers` for the run")
    ] = 1,
    as_json: JsonOpt = False,
) -> None:
    """Ingest and query speed of souk vs tantivy in-process and Typesense, in one run."""
    from souk.bench.report import markdown
    from souk.bench.run import BenchConfig, run_bench

    config = BenchConfig(
        products=products,
        queries=queries,
        concurrency=tuple(int(c) for c in concurrency.split(",") if c.strip()),
        peer=None if peer == "none" else peer,
        vector_sample=vector_sample,
        out_dir=out_dir,
        souk_workers=souk_workers,
    )
    progress = stage_progress(as_json)
    try:
        results = run_bench(config, progress)
    finally:
        if progress is not None:
            progress.progress.stop()
    if as_json:
        print_json(results)
        return
    console.print(markdown(results))
    console.print(f"written to {results['paths']['markdown']}")
