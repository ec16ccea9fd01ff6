"""``POST /indexes/{uid}/events``: behaviour events, stored before the response is sent."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from souk.api.auth import Action, AuthContext
from souk.api.body import check_nesting
from souk.api.deps import engine_of, require
from souk.errors import SoukError

router = APIRouter(tags=["events"])

EVENTS_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type", "sessionId", "timestamp"],
                        "properties": {
                            "type": {
                                "type": "string",
                                "enum": ["view", "click", "add_to_cart", "purchase", "search"],
                            },
                            "userId": {"type": "string"},
                            "sessionId": {"type": "string"},
                            "productId": {"type": "string"},
                            "query": {"type": "string"},
                            "queryUid": {"type": "string"},
                            "position": {"type": "integer", "minimum": 0},
                            "timestamp": {"type": ["string", "number"]},
                        },
                    },
                }
            }
        },
    }
}


@router.post("/indexes/{uid}/events", status_code=201, openapi_extra=EVENTS_BODY)
async def post_events(
    uid: str, request: Request, ctx: Annotated[AuthContext, Depends(require(Action.SEARCH))]
) -> dict[str, Any]:
    """Search keys may send events: a storefront reports what its shoppers do."""
    raw = await request.body()
    return await run_in_threadpool(_record, request, uid, raw)


def _record(request: Request, uid: str, raw: bytes) -> dict[str, Any]:
    """Parse, validate and store a batch (blocking: up to the body limit, then a store write)."""
    if not raw.strip():
        raise SoukError("The events payload is empty.", "invalid_event")
    try:
        batch = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise SoukError(f"The events payload is not valid JSON: {exc}", "invalid_event") from None
    check_nesting(request, batch)
    return engine_of(request).behaviour.record_events(uid, batch)
