"""The root command group: a damaged store ends any command with one line, not a traceback."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from souk.store.integrity import StoreCorrupt


class SoukGroup(TyperGroup):
    """``souk``'s root group. Whatever command meets a damaged store (opening it, or a damaged
    page halfway through) prints ``souk: the store … is corrupt (…); …`` on stderr, naming the
    file and what to do, and exits 1 (SQLAlchemy's own traceback ran to ~160 lines)."""

    # ``ctx`` is click's Context, which newer typers vendor under a private module: Any keeps
    # this working with either.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except StoreCorrupt as exc:
            typer.echo(f"souk: {exc.message}", err=True)
            raise typer.Exit(1) from None
