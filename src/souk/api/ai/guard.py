"""Guard routes: the audit log (read-only) and each index's guard policy."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from souk.api.auth import Action, AuthContext
from souk.api.body import json_object
from souk.api.deps import check_index, engine_of, require
from souk.errors import SoukError
from souk.guard.guard import Guard

router = APIRouter(tags=["guard"])


def _guard(request: Request) -> Guard:
    return Guard(engine_of(request).store)


@router.get("/guard/audit")
def audit(
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.STATS_GET))],
    indexUid: str | None = None,
    rule: str | None = None,
    limit: int = 100,
    afterId: int = 0,
) -> dict[str, Any]:
    """Newest first. Needs ``stats.get`` (on the index when ``indexUid`` is given); an
    index-scoped key sees only its indexes' entries."""
    if indexUid is not None:
        check_index(ctx, indexUid)
    if not 1 <= limit <= 1000:
        raise SoukError("`limit` must be between 1 and 1000.", "invalid_audit_limit")
    entries = _guard(request).audit.entries(
        index_uid=indexUid,
        index_patterns=None if ctx.all_indexes else ctx.indexes,
        rule=rule,
        after_id=afterId,
        limit=limit,
    )
    return {"results": [e.to_dict() for e in entries[:limit]], "limit": limit}


@router.get("/indexes/{uid}/guard/policy")
def get_policy(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_GET))],
) -> dict[str, Any]:
    engine_of(request).get_index(uid)
    return _guard(request).policies.get(uid).to_dict()


@router.patch("/indexes/{uid}/guard/policy")
async def update_policy(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> dict[str, Any]:
    await run_in_threadpool(engine_of(request).get_index, uid)  # 404 before a body error
    body = await json_object(request, required=True)
    return await run_in_threadpool(_update_policy, request, uid, body)


def _update_policy(request: Request, uid: str, body: dict[str, Any]) -> dict[str, Any]:
    return _guard(request).policies.update(uid, body).to_dict()


@router.delete("/indexes/{uid}/guard/policy")
def reset_policy(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.SETTINGS_UPDATE))],
) -> dict[str, Any]:
    engine_of(request).get_index(uid)
    return _guard(request).policies.reset(uid).to_dict()
