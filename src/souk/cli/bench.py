"""`souk bench`: ingest and query speed against tantivy and Typesense; `souk soak`: a long run."""

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


@app.command("soak")
def soak(
    duration: Annotated[
        float, typer.Option("--duration", min=1, help="seconds of mixed load")
    ] = 600,
    products: Annotated[int, typer.Option("--products", min=10)] = 20_000,
    rate: Annotated[
        float | None,
        typer.Option(
            "--rate", min=0.1, help="searches/s; default: --load-share of the measured ceiling"
        ),
    ] = None,
    load_share: Annotated[
        float,
        typer.Option("--load-share", min=0.05, max=1.0, help="share of the ceiling to hold"),
    ] = 0.8,
    calibrate: Annotated[
        float, typer.Option("--calibrate", min=1, help="seconds of the closed-loop ceiling")
    ] = 15,
    clients: Annotated[
        int, typer.Option("--clients", min=1, help="closed-loop clients for the ceiling")
    ] = 8,
    write_rate: Annotated[float, typer.Option("--write-rate", min=0.1, help="write ops/s")] = 1.0,
    write_batch: Annotated[int, typer.Option("--write-batch", min=1)] = 20,
    sample: Annotated[
        float, typer.Option("--sample", min=0.1, help="seconds between RSS samples")
    ] = 5.0,
    out_dir: Annotated[Path, typer.Option("--out")] = Path("bench/results"),
    as_json: JsonOpt = False,
) -> None:
    """A long mixed search + write run against `souk serve`: errors, latency, memory, tasks."""
    from souk.bench.soak import SoakConfig, run_soak
    from souk.bench.soak_report import headline, notes, tables

    config = SoakConfig(
        duration=duration,
        products=products,
        rate=rate,
        load_share=load_share,
        calibrate_seconds=calibrate,
        calibrate_clients=clients,
        write_rate=write_rate,
        write_batch=write_batch,
        sample_seconds=sample,
        out_dir=out_dir,
    )
    progress = stage_progress(as_json)
    try:
        results = run_soak(config, progress)
    finally:
        if progress is not None:
            progress.progress.stop()
    if as_json:
        print_json(results)
    else:
        console.print(f"[bold]{headline(results)}[/bold]")
        for table in tables(results):
            console.print(table)
        for line in notes(results):
            console.out(line, highlight=False)
        console.print(f"written to {results['paths']['markdown']}")
    if not results["verdict"]["ok"]:
        raise typer.Exit(1)
