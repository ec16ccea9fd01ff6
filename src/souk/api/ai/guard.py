"""Guard routes: the audit log (read-only) and each index's guard policy."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from souk.api.body import json_object
from souk.api.deps import engine_of, require
from souk.errors import SoukError
from souk.guard.guard import Guard

router = APIRouter(tags=["guard"])


def _guard(request: Request) -> Guard:
    return Guard(engine_of(request).store)


@router.get("/guard/audit")
def audit(
    request: Request,
    indexUid: str | None = None,
    rule: str | None = None,
    limit: int = 100,
    afterId: int = 0,
) -> dict[str, Any]:
    """Newest first. Needs ``stats.get`` (on the index when ``indexUid`` is given)."""
    require(request, "stats.get", indexUid)
    if not 1 <= limit <= 1000:
        raise SoukError("`limit` must be between 1 and 1000.", "invalid_audit_limit")
    entries = _guard(request).audit.entries(
        index_uid=indexUid, rule=rule, after_id=afterId, limit=limit
    )
    return {"results": [e.to_dict() for e in entries], "limit": limit}


@router.get("/indexes/{uid}/guard/policy")
def get_policy(uid: str, request: Request) -> dict[str, Any]:
    require(request, "settings.get", uid)
    engine_of(request).get_index(uid)
    return _guard(request).policies.get(uid).to_dict()


@router.patch("/indexes/{uid}/guard/policy")
async def update_policy(uid: str, request: Request) -> dict[str, Any]:
    require(request, "settings.update", uid)
    engine_of(request).get_index(uid)
    body = await json_object(request, required=True)
    return _guard(request).policies.update(uid, body).to_dict()


@router.delete("/indexes/{uid}/guard/policy")
def reset_policy(uid: str, request: Request) -> dict[str, Any]:
    require(request, "settings.update", uid)
    engine_of(request).get_index(uid)
    return _guard(request).policies.reset(uid).to_dict()
