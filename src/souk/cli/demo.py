"""`souk demo generate|load|events`: the generated demo shop, its catalog and its shoppers."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from souk.cli.common import (
    IndexOpt,
    JsonOpt,
    console,
    fail,
    finish,
    ingest_with_progress,
    open_engine,
    print_json,
    report_ingest,
)
from souk.errors import SoukError

app = typer.Typer(help="The generated demo shop.", no_args_is_help=True)


@app.command("generate")
def demo_generate(
    count: Annotated[int, typer.Option("--count", min=1)] = 20_000,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    out: Annotated[Path, typer.Option("--out")] = Path("demo/products.ndjson.gz"),
    as_json: JsonOpt = False,
) -> None:
    """Write the deterministic demo catalog (NDJSON, gzip when the name ends in .gz)."""
    from souk.demo.products import write_catalog

    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_catalog(out, count=count, seed=seed)
    summary = {
        "file": str(out),
        "products": written,
        "seconds": round(time.perf_counter() - started, 3),
    }
    if as_json:
        print_json(summary)
    else:
        console.print(f"wrote {written} products to {out} in {summary['seconds']}s")


@app.command("load")
def demo_load(
    file: Annotated[Path, typer.Option("--file", exists=True, dir_okay=False)] = Path(
        "demo/products.ndjson.gz"
    ),
    index: IndexOpt = "demo",
    as_json: JsonOpt = False,
) -> None:
    """Create the demo index with shop settings (if missing) and ingest the catalog."""
    from souk.demo.settings import DEMO_SETTINGS

    with open_engine() as engine:
        if engine.store.get_index(index) is None:
            finish(
                engine,
                engine.create_index(index, "id", DEMO_SETTINGS),
                as_json,
                f"created index {index}",
            )
        summary = ingest_with_progress(
            engine,
            index,
            file,
            primary_key="id",
            update=False,
            batch_size=None,
            fmt=None,
            quiet=as_json,
        )
    report_ingest(summary, as_json)


@app.command("events")
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

    with open_engine() as engine:
        try:
            existing = sum(engine.behaviour.events.count(index).values())
            if existing and not force:
                message = f"index {index} already has {existing:,} events; kept (use --force)"
                if as_json:
                    print_json({"skipped": True, "events": existing})
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
            fail(exc, as_json)
    summary["training"] = task.to_dict()
    if as_json:
        print_json(summary)
    else:
        console.print(
            f"stored {summary['stored']:,} synthetic events; recommendations trained "
            f"(task {task.uid}, {task.status.value})"
        )
