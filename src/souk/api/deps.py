"""Per-request dependencies: the engine, the caller's rights, the index a route reads.

Every route declares the action it needs in its signature, as FastAPI (and Meilisearch) do::

    @router.get("/indexes/{uid}/settings")
    def get_settings(
        uid: str, ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_GET))]
    ) -> ...

The dependency authenticates the request before anything else runs (so a bad key is a 401/403
even when the body is bad too) and checks the route's ``{uid}`` path parameter, when it has one.
Routes whose index comes from the body (chat's ``model``, multi-search's ``indexUid``, a new
index's ``uid``, swapped indexes) call :func:`check_index` for it once the body is read.

Reads of an index's documents take a :class:`~souk.engine.scoped.ScopedIndex` from
:func:`scoped_index`: the one place a tenant token's search rule is applied.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the dependencies' signatures,
# and the nested ones name a closure variable that a postponed annotation could not resolve.
from collections.abc import Awaitable, Callable
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request

from souk.api.auth import Action, AuthContext, Authenticator
from souk.api.auth import check_index as _check_index
from souk.engine.scoped import ScopedIndex

if TYPE_CHECKING:
    from souk.engine import Engine

#: the path parameter that names a route's index
INDEX_PARAM = "uid"


def engine_of(request: Request) -> "Engine":
    """The engine the app was built around."""
    engine: Engine = request.app.state.engine
    return engine


def authenticator_of(request: Request) -> Authenticator:
    """The app's authenticator (master key, API keys, tenant tokens)."""
    auth: Authenticator = request.app.state.auth
    return auth


@cache
def require(action: Action) -> Callable[[Request], Awaitable[AuthContext]]:
    """A dependency that checks the request's credentials allow ``action``.

    On the route's ``{uid}`` index when the path has one; otherwise the key must merely hold the
    action (index-scoped keys pass on the routes that filter by index themselves). Raises a
    401/403 :class:`~souk.errors.SoukError`. One dependency per action (cached), so FastAPI runs
    it once per request however many dependencies use it.
    """

    # ``async`` although it does not await: FastAPI runs a plain ``def`` dependency in the thread
    # pool, and a thread hop per dependency cost more than the check itself (≈ 1 ms a request
    # under load, measured on search); the check is a dictionary lookup or one indexed row.
    async def dependency(request: Request) -> AuthContext:
        index_uid = request.path_params.get(INDEX_PARAM)
        return authenticator_of(request).authenticate(
            request.headers.get("authorization"), action, index_uid
        )

    dependency.__name__ = dependency.__qualname__ = f"require_{action.name.lower()}"
    return dependency


def check_index(ctx: AuthContext, index_uid: str) -> None:
    """For an index named in the body: 403 unless the already-checked credentials cover it."""
    _check_index(ctx, index_uid)


@cache
def scoped_index(action: Action = Action.SEARCH) -> Callable[..., Awaitable[ScopedIndex]]:
    """A dependency giving the route's ``{uid}`` index as the caller may read it.

    It needs ``action`` (``search`` for every read route today), and applies the tenant token's
    search rule, if any, through :meth:`souk.engine.Engine.scoped`.
    """

    async def dependency(  # async for the same reason as require's: no thread hop
        request: Request, ctx: Annotated[AuthContext, Depends(require(action))]
    ) -> ScopedIndex:
        uid = str(request.path_params[INDEX_PARAM])
        return engine_of(request).scoped(uid, ctx.scope(uid))

    dependency.__name__ = dependency.__qualname__ = f"scoped_index_{action.name.lower()}"
    return dependency


#: the route's ``{uid}`` index as the caller may search it
SearchIndex = Annotated[ScopedIndex, Depends(scoped_index(Action.SEARCH))]


def wake_worker(request: Request) -> None:
    """Tell the background worker a task was enqueued (it also polls)."""
    event: Any = getattr(request.app.state, "wake", None)
    if event is not None:
        event.set()
