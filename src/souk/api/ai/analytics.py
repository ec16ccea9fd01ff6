"""``GET /indexes/{uid}/analytics``: top and zero-result queries, CTR and conversion."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from souk.api.auth import Action, AuthContext
from souk.api.deps import engine_of, require
from souk.errors import SoukError
from souk.events.model import parse_timestamp

router = APIRouter(tags=["analytics"])


@router.get("/indexes/{uid}/analytics")
def analytics(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.STATS_GET))],
    since: str | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """Needs a key with ``stats.get`` (search keys cannot read shoppers' behaviour)."""
    if not 1 <= limit <= 1000:
        raise SoukError("`limit` must be between 1 and 1000.", "invalid_analytics_limit")
    start = None
    if since is not None:
        try:
            start = parse_timestamp(float(since) if _is_number(since) else since, "since")
        except SoukError:
            raise SoukError(
                f"Invalid value in parameter `since`: {since!r} is neither RFC 3339 text nor "
                "epoch seconds.",
                "invalid_analytics_since",
            ) from None
    return engine_of(request).behaviour.analytics(uid, since=start, limit=limit)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
