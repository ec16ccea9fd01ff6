"""Per-request helpers: the engine and the authorisation check every route makes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Request

if TYPE_CHECKING:
    from souk.api.auth import AuthContext
    from souk.engine import Engine


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def require(request: Request, action: str, index_uid: str | None = None) -> AuthContext:
    """Check the request's key allows ``action`` (on ``index_uid``); raises 401/403 otherwise."""
    ctx: AuthContext = request.app.state.auth.authenticate(
        request.headers.get("authorization"), action, index_uid
    )
    return ctx


def wake_worker(request: Request) -> None:
    """Tell the background worker a task was enqueued (it also polls)."""
    event: Any = getattr(request.app.state, "wake", None)
    if event is not None:
        event.set()
