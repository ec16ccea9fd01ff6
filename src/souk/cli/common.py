"""What every CLI command shares: consoles, options, the engine, JSON output, errors, progress."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from souk.config import Settings
from souk.engine import Engine
from souk.errors import SoukError
from souk.store.task_records import Task

console = Console()
err_console = Console(stderr=True)

IndexOpt = Annotated[str, typer.Option("--index", "-i", help="Index uid.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def open_engine() -> Engine:
    """The engine over the configured data directory (use it as a context manager)."""
    return Engine(Settings())


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")


def fail(error: SoukError, as_json: bool) -> NoReturn:
    """Report ``error`` (as JSON or in red on stderr) and exit 1."""
    if as_json:
        print_json({"error": error.to_dict()})
    else:
        err_console.print(f"[red]error[/red] ({error.code}): {error.message}")
    raise typer.Exit(1)


def finish(engine: Engine, task: Task, as_json: bool, label: str) -> Task:
    """Wait for ``task``, report how it ended, and exit 1 if it failed."""
    done = engine.wait_for_task(task.uid)
    if as_json:
        print_json(done.to_dict())
    elif done.error:
        err_console.print(f"[red]{label} failed[/red]: {done.error['message']}")
    else:
        console.print(f"[green]{label}[/green] (task {done.uid}, {done.status.value})")
    if done.error:
        raise typer.Exit(1)
    return done


def stage_progress(quiet: bool) -> Any:
    """A ``(stage, done, total)`` callback drawing one bar per stage, or None when quiet.

    The caller stops it with ``callback.progress.stop()``.
    """
    if quiet:
        return None
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total or None)
        progress.update(tasks[stage], completed=done, total=total or None)

    update.progress = progress  # type: ignore[attr-defined]
    return update


def ingest_with_progress(
    engine: Engine,
    index: str,
    path: Path,
    *,
    primary_key: str | None,
    update: bool,
    batch_size: int | None,
    fmt: str | None,
    quiet: bool,
) -> dict[str, Any]:
    """Enqueue a file batch by batch, then apply the tasks with progress bars."""
    from souk.readers import count_records_hint

    started = time.perf_counter()
    hint = count_records_hint(path)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet,
    )
    with progress:
        reading = progress.add_task(f"reading {path.name}", total=hint)
        tasks = engine.ingest_file(
            index,
            path,
            primary_key=primary_key,
            update=update,
            batch_size=batch_size,
            fmt=fmt,
            on_batch=lambda _t, b: progress.advance(reading, len(b.records)),
        )
        received = sum(int(t.details.get("receivedDocuments") or 0) for t in tasks)
        progress.update(reading, total=received, completed=received)
        indexing = progress.add_task("indexing", total=received)
        embedding = progress.add_task("embedding", total=None, visible=False)

        def on_progress(_task: Task, stage: str, done: int, total: int) -> None:
            progress.update(embedding, description=stage, completed=done, total=total, visible=True)

        finished: list[Task] = []
        for task in tasks:
            done = engine.wait_for_task(task.uid, progress=on_progress)
            finished.append(done)
            progress.advance(indexing, int(task.details.get("receivedDocuments") or 0))
    seconds = time.perf_counter() - started
    indexed = sum(int(t.details.get("indexedDocuments") or 0) for t in finished)
    failed = [t for t in finished if t.error]
    return {
        "index": index,
        "file": str(path),
        "tasks": len(finished),
        "succeeded": len(finished) - len(failed),
        "failed": len(failed),
        "receivedDocuments": received,
        "indexedDocuments": indexed,
        "seconds": round(seconds, 3),
        "documentsPerSecond": round(indexed / seconds, 1) if seconds else None,
        "errors": [{"taskUid": t.uid, **(t.error or {})} for t in failed],
    }


def report_ingest(summary: dict[str, Any], as_json: bool) -> None:
    """Print the ingest summary; exit 1 when any batch failed."""
    if as_json:
        print_json(summary)
    else:
        _print_ingest(summary)
    if summary["failed"]:
        raise typer.Exit(1)


def _print_ingest(summary: dict[str, Any]) -> None:
    colour = "green" if not summary["failed"] else "yellow"
    console.print(
        f"[{colour}]{summary['indexedDocuments']} documents indexed[/{colour}] into "
        f"'{summary['index']}' in {summary['seconds']}s ({summary['documentsPerSecond']}/s); "
        f"tasks: {summary['succeeded']} succeeded, {summary['failed']} failed"
    )
    for error in summary["errors"]:
        err_console.print(
            f"[red]task {error['taskUid']}[/red] ({error['code']}): {error['message']}"
        )
