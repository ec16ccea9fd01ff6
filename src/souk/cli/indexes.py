"""`souk index create|list|show|delete`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from souk.cli.common import JsonOpt, console, fail, finish, open_engine, print_json
from souk.errors import SoukError

app = typer.Typer(help="Create, list, show and delete indexes.", no_args_is_help=True)


@app.command("create")
def index_create(
    uid: str,
    primary_key: Annotated[
        str | None,
        typer.Option("--primary-key", help="Primary key attribute (inferred when omitted)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an index."""
    with open_engine() as engine:
        try:
            finish(engine, engine.create_index(uid, primary_key), as_json, f"created index {uid}")
        except SoukError as exc:
            fail(exc, as_json)


@app.command("list")
def index_list(as_json: JsonOpt = False) -> None:
    """List indexes with their document counts."""
    with open_engine() as engine:
        rows = [
            {
                "uid": r.uid,
                "primaryKey": r.primary_key,
                "numberOfDocuments": engine.store.count_documents(r.uid),
            }
            for r in engine.list_indexes()
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("uid", "primary key", "documents")
    for row in rows:
        table.add_row(str(row["uid"]), str(row["primaryKey"]), str(row["numberOfDocuments"]))
    console.print(table)


@app.command("show")
def index_show(uid: str, as_json: JsonOpt = False) -> None:
    """Show an index: primary key, document count, attributes."""
    with open_engine() as engine:
        try:
            record = engine.get_index(uid)
        except SoukError as exc:
            fail(exc, as_json)
        info = {
            "uid": record.uid,
            "primaryKey": record.primary_key,
            "numberOfDocuments": engine.store.count_documents(uid),
            "fields": record.fields,
            "createdAt": str(record.created_at),
            "updatedAt": str(record.updated_at),
        }
    if as_json:
        print_json(info)
    else:
        for key, value in info.items():
            console.print(f"[bold]{key}[/bold]: {value}")


@app.command("delete")
def index_delete(uid: str, as_json: JsonOpt = False) -> None:
    """Delete an index and its documents."""
    with open_engine() as engine:
        finish(engine, engine.delete_index(uid), as_json, f"deleted index {uid}")
