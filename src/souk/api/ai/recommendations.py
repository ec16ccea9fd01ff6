"""Recommendation routes: similar, bought together, for a user, for a session; training."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request

from souk.api.auth import Action, AuthContext
from souk.api.deps import SearchIndex, engine_of, require, wake_worker
from souk.engine.scoped import ScopedIndex
from souk.errors import SoukError
from souk.recommend.base import RequestKind

router = APIRouter(tags=["recommendations"])

_PARAMS = {"limit", "filter", "attributesToRetrieve"}


def _recommend(request: Request, index: ScopedIndex, kind: RequestKind, key: str) -> dict[str, Any]:
    """Recommendations read through the caller's scope (an anchor it cannot see is a 404)."""
    params = dict(request.query_params)
    unknown = sorted(set(params) - _PARAMS)
    if unknown:
        raise SoukError(
            f"Unknown parameter `{unknown[0]}`: expected one of {', '.join(sorted(_PARAMS))}.",
            "bad_request",
        )
    try:
        limit = int(params.get("limit", 10))
    except ValueError:
        raise SoukError(
            f"Invalid value in parameter `limit`: could not parse `{params['limit']}` as an "
            "integer.",
            "invalid_recommendation_limit",
        ) from None
    flt: Any = params.get("filter")
    if isinstance(flt, str) and flt.lstrip().startswith("["):
        # the array form of a filter, JSON-encoded; otherwise a plain expression
        with contextlib.suppress(orjson.JSONDecodeError):
            flt = orjson.loads(flt)
    attributes = params.get("attributesToRetrieve")
    return index.recommend(
        kind,
        key,
        limit=limit,
        filter_=flt or None,
        attributes=None if attributes is None else [a.strip() for a in attributes.split(",")],
    )


@router.get("/indexes/{uid}/recommendations/similar/{product_id}")
def similar(uid: str, product_id: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    return _recommend(request, index, RequestKind.SIMILAR, product_id)


@router.get("/indexes/{uid}/recommendations/bought-together/{product_id}")
def bought_together(
    uid: str, product_id: str, request: Request, index: SearchIndex
) -> dict[str, Any]:
    return _recommend(request, index, RequestKind.BOUGHT_TOGETHER, product_id)


@router.get("/indexes/{uid}/recommendations/for-user/{user_id}")
def for_user(uid: str, user_id: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    return _recommend(request, index, RequestKind.FOR_USER, user_id)


@router.get("/indexes/{uid}/recommendations/for-session/{session_id}")
def for_session(uid: str, session_id: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    return _recommend(request, index, RequestKind.FOR_SESSION, session_id)


@router.post("/indexes/{uid}/recommendations/train", status_code=202)
def train(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
    incremental: bool = False,
) -> dict[str, Any]:
    """Enqueue a training task (the same task `souk recommend train` runs);
    ``?incremental=true`` adds only the events since the last training where that is cheap."""
    task = engine_of(request).behaviour.train(uid, incremental=incremental)
    wake_worker(request)
    return task.summary()
