"""Shared shapes: index objects, task summaries, pagination parameters."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from souk.api.deps import wake_worker
from souk.api.responses import JsonResponse
from souk.errors import SoukError
from souk.store.store import IndexRecord
from souk.store.task_records import Task, iso

# Larger integers cannot reach the store (SQLite and PostgreSQL integers are 64-bit).
MAX_INT = 2**53


def index_json(record: IndexRecord) -> dict[str, Any]:
    return {
        "uid": record.uid,
        "primaryKey": record.primary_key,
        "createdAt": iso(record.created_at),
        "updatedAt": iso(record.updated_at),
    }


def accepted(request: Request, task: Task) -> JsonResponse:
    """``202 Accepted`` with the enqueued task, waking the worker."""
    wake_worker(request)
    return JsonResponse(task.summary(), status_code=202)


def int_param(request: Request, name: str, default: int, code: str) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SoukError(
            f"Invalid value in parameter `{name}`: could not parse `{raw}` as a positive integer",
            code,
        ) from None
    if value < 0 or value > MAX_INT:
        raise SoukError(
            f"Invalid value in parameter `{name}`: could not parse `{raw}` as a positive integer",
            code,
        )
    return value


def json_body_spec(schema_type: str = "object") -> dict[str, Any]:
    """OpenAPI for a JSON body the route reads itself (so fuzzers send bodies too)."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": schema_type}}},
        }
    }


OBJECT_BODY = json_body_spec("object")
ARRAY_BODY = json_body_spec("array")
