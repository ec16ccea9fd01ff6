"""`souk settings get|set`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from souk.cli.common import IndexOpt, JsonOpt, fail, finish, open_engine, print_json
from souk.errors import SoukError

app = typer.Typer(help="Read and change index settings.", no_args_is_help=True)


@app.command("get")
def settings_get(index: IndexOpt) -> None:
    """Print an index's settings as JSON."""
    with open_engine() as engine:
        try:
            print_json(engine.get_index(index).settings)
        except SoukError as exc:
            fail(exc, True)


@app.command("set")
def settings_set(
    index: IndexOpt,
    patch: Annotated[str, typer.Argument(help="JSON object, or @file.json.")],
    as_json: JsonOpt = False,
) -> None:
    """Update settings with a partial JSON object (null resets a setting)."""
    text = Path(patch[1:]).read_text() if patch.startswith("@") else patch
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(SoukError(f"settings are not valid JSON: {exc}", "bad_request"), as_json)
    with open_engine() as engine:
        try:
            finish(engine, engine.update_settings(index, body), as_json, "settings updated")
        except SoukError as exc:
            fail(exc, as_json)
