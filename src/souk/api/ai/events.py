"""``POST /indexes/{uid}/events``: behaviour events, stored before the response is sent."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request

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
async def post_events(uid: str, request: Request) -> dict[str, Any]:
    """Search keys may send events: a storefront reports what its shoppers do."""
    require(request, "search", uid)
    raw = await request.body()
    if not raw.strip():
        raise SoukError("The events payload is empty.", "invalid_event")
    try:
        batch = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise SoukError(f"The events payload is not valid JSON: {exc}", "invalid_event") from None
    return engine_of(request).behaviour.record_events(uid, batch)
