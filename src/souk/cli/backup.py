"""`souk dump` and `souk restore`: back a shop up into one file, and load it elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from souk.cli.common import (
    JsonOpt,
    console,
    err_console,
    fail,
    open_engine,
    print_json,
    stage_progress,
)
from souk.config import Settings
from souk.errors import SoukError

app = typer.Typer()


@app.command("dump")
def dump(as_json: JsonOpt = False) -> None:
    """Write a dump of the whole store (indexes, settings, documents with their vectors, keys,
    webhooks, events, trained models, tasks) into the dump directory (a task)."""
    with open_engine() as engine:
        directory = engine.config.dumps_path
        task = engine.create_dump()
        progress = stage_progress(as_json)
        try:
            done = engine.wait_for_task(
                task.uid,
                timeout=24 * 3600,
                progress=None
                if progress is None
                else (lambda _t, stage, d, n: progress(stage, d, n)),
            )
        finally:
            if progress is not None:
                progress.progress.stop()
    uid = done.details.get("dumpUid")
    path = directory / f"{uid}.dump"
    if as_json:
        print_json({**done.to_dict(), "path": str(path) if not done.error else None})
    elif done.error:
        err_console.print(f"[red]dump failed[/red] ({done.error['code']}): {done.error['message']}")
    else:
        size = path.stat().st_size / 2**20 if path.exists() else 0.0
        seconds = done.duration_seconds or 0.0
        console.print(
            f"[green]dump {uid}[/green] written to {path} ({size:.1f} MiB in {seconds:.1f}s, "
            f"task {done.uid})"
        )
    if done.error:
        raise typer.Exit(1)


@app.command("restore")
def restore(
    file: Annotated[Path, typer.Argument(help="A .dump or .snapshot file.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace everything the store holds (default: refuse)."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Load a dump or a snapshot into the (empty) store and rebuild the indexes from it.

    Stop `souk serve` first. A damaged or foreign file is refused and changes nothing.
    """
    from souk.tasks.restore import restore_backup

    progress = stage_progress(as_json)
    try:
        summary = restore_backup(Settings(), file, force=force, progress=progress)
    except SoukError as exc:
        fail(exc, as_json)
    finally:
        if progress is not None:
            progress.progress.stop()
    if as_json:
        print_json(summary)
    else:
        _print_restore(summary)


def _print_restore(summary: dict[str, Any]) -> None:
    rows = summary["rows"]
    console.print(
        f"[green]restored[/green] {summary['kind']} {summary['uid']} "
        f"(souk {summary['soukVersion']}, {summary['backend']}, {summary['createdAt']}) in "
        f"{summary['seconds']}s: {rows.get('souk_indexes', 0)} indexes, "
        f"{rows.get('souk_documents', 0)} documents, {rows.get('souk_embeddings', 0)} vectors, "
        f"{rows.get('souk_keys', 0)} keys, {rows.get('souk_events', 0)} events, "
        f"{rows.get('souk_tasks', 0)} tasks, {summary['files']} model files"
    )
