"""`souk tasks` and `souk reindex`: the task log and rebuilding derived indexes."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from souk.cli.common import IndexOpt, JsonOpt, console, fail, finish, open_engine, print_json
from souk.errors import SoukError

app = typer.Typer()


@app.command("tasks")
def tasks(
    index: Annotated[str | None, typer.Option("--index", "-i")] = None,
    status: Annotated[str | None, typer.Option("--status", help="e.g. failed,succeeded")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """List tasks, newest first (status, type, duration, error)."""
    with open_engine() as engine:
        found = engine.store.list_tasks(
            index_uids=[index] if index else None,
            statuses=status.split(",") if status else None,
            limit=limit,
        )
    if as_json:
        print_json([t.to_dict() for t in found])
        return
    table = Table("uid", "index", "type", "status", "duration", "details / error")
    for task in found:
        duration = task.duration_seconds
        note = task.error["message"] if task.error else json.dumps(task.details)[:80]
        table.add_row(
            str(task.uid),
            str(task.index_uid),
            task.type.value,
            task.status.value,
            "" if duration is None else f"{duration:.3f}s",
            note,
        )
    console.print(table)


@app.command("reindex")
def reindex(index: IndexOpt, as_json: JsonOpt = False) -> None:
    """Rebuild an index's lexical and vector indexes from the store."""
    with open_engine() as engine:
        try:
            finish(engine, engine.reindex(index), as_json, f"reindexed {index}")
        except SoukError as exc:
            fail(exc, as_json)
