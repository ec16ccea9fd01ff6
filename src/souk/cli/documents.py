"""`souk documents get|delete`."""

from __future__ import annotations

from typing import Annotated

import typer

from souk.cli.common import IndexOpt, JsonOpt, fail, finish, open_engine, print_json
from souk.errors import SoukError

app = typer.Typer(help="Read and delete documents.", no_args_is_help=True)


@app.command("get")
def documents_get(doc_id: str, index: IndexOpt) -> None:
    """Print one document by id."""
    with open_engine() as engine:
        try:
            doc = engine.get_document(index, doc_id)
        except SoukError as exc:
            fail(exc, True)
    if doc is None:
        fail(SoukError(f"Document `{doc_id}` not found.", "document_not_found"), True)
    print_json(doc)


@app.command("delete")
def documents_delete(
    index: IndexOpt,
    ids: Annotated[list[str] | None, typer.Argument(help="Document ids.")] = None,
    filter_: Annotated[str | None, typer.Option("--filter", help="Delete by filter.")] = None,
    delete_all: Annotated[bool, typer.Option("--all", help="Delete every document.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete documents by id, by filter, or all of them."""
    with open_engine() as engine:
        try:
            if filter_:
                task = engine.delete_by_filter(index, filter_)
            elif delete_all:
                task = engine.delete_all_documents(index)
            else:
                task = engine.delete_documents(index, ids or [])
            finish(engine, task, as_json, "documents deleted")
        except SoukError as exc:
            fail(exc, as_json)
