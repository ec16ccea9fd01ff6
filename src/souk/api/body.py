"""Request bodies parsed with Meilisearch's error codes (never a 500 for bad input)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request

from souk.errors import SoukError
from souk.readers.shape import ShapeLimits, shape_problem


def missing_payload(content_type: str = "application/json") -> SoukError:
    return (
        SoukError("A json payload is missing.", "missing_payload")
        if content_type.endswith("json")
        else SoukError("A payload is missing.", "missing_payload")
    )


async def json_body(request: Request, *, required: bool = True) -> Any:
    """The JSON body, or a Meilisearch ``malformed_payload``/``missing_payload`` error."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise missing_payload()
        return None
    content_type = request.headers.get("content-type", "application/json")
    if "json" not in content_type and content_type not in ("", "*/*"):
        raise SoukError(
            f"The Content-Type `{content_type}` is invalid. Accepted values for the Content-Type "
            "header are: `application/json`",
            "invalid_content_type",
        )
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise SoukError(
            f"The json payload provided is malformed. `{exc}`.", "malformed_payload"
        ) from exc
    check_nesting(request, body)
    return body


def check_nesting(request: Request, body: Any) -> None:
    """Refuse a body nested deeper than the server's ``max_nesting_depth`` (a filter array a
    thousand levels deep would otherwise reach recursive code further on)."""
    depth = int(request.app.state.engine.config.max_nesting_depth)
    problem = shape_problem(body, ShapeLimits(max_depth=depth, max_bytes=None))
    if problem is not None:
        raise SoukError(f"The json payload provided is malformed: it is {problem}.", "bad_request")


async def json_object(request: Request, *, required: bool = True) -> dict[str, Any]:
    body = await json_body(request, required=required)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise SoukError(
            "Invalid value type: expected an object, but found "
            f"{_kind(body)}: `{orjson.dumps(body).decode()[:100]}`",
            "bad_request",
        )
    return body


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"
