"""Task routes: list with filters, get one, cancel, delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from souk.api.deps import engine_of, require
from souk.api.meili.common import accepted, int_param
from souk.api.responses import JsonResponse
from souk.errors import SoukError
from souk.store.task_filter import FILTER_PARAMS, parse_task_filter
from souk.store.task_records import Task

router = APIRouter(tags=["tasks"])


def _filter(request: Request, *, for_listing: bool) -> Any:
    allowed = set(FILTER_PARAMS) | ({"limit", "from", "reverse"} if for_listing else set())
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise SoukError(
            f"Unknown parameter `{unknown[0]}`: expected one of "
            + ", ".join(f"`{p}`" for p in sorted(allowed)),
            "bad_request",
        )
    return parse_task_filter(request.query_params)


@router.get("/tasks")
def list_tasks(request: Request) -> dict[str, Any]:
    ctx = require(request, "tasks.get")
    flt = _filter(request, for_listing=True)
    limit = int_param(request, "limit", 20, "invalid_task_limit")
    from_raw = request.query_params.get("from")
    from_uid = int_param(request, "from", 0, "invalid_task_from") if from_raw else None
    reverse = request.query_params.get("reverse", "false").lower() == "true"
    engine = engine_of(request)
    everything = [
        t
        for t in engine.query_tasks(flt, limit=None, from_uid=from_uid, reverse=reverse)
        if t.index_uid is None or ctx.allows_index(t.index_uid)
    ]
    page = everything[:limit]
    following = everything[limit] if len(everything) > limit else None
    total = len(
        [
            t
            for t in engine.query_tasks(flt, limit=None)
            if t.index_uid is None or ctx.allows_index(t.index_uid)
        ]
    )
    return {
        "results": [t.to_dict() for t in page],
        "total": total,
        "limit": limit,
        "from": page[0].uid if page else None,
        "next": following.uid if following else None,
    }


@router.get("/tasks/{task_uid}")
def get_task(task_uid: str, request: Request) -> dict[str, Any]:
    ctx = require(request, "tasks.get")
    try:
        uid = int(task_uid)
    except ValueError:
        raise SoukError(
            f"Invalid value in parameter `taskUid`: could not parse `{task_uid}` as "
            "a positive integer",
            "invalid_task_uids",
        ) from None
    if not 0 <= uid <= 2**53:
        raise SoukError(f"Task `{uid}` not found.", "task_not_found")
    task = engine_of(request).get_task(uid)
    if task.index_uid is not None and not ctx.allows_index(task.index_uid):
        raise SoukError(f"Task `{uid}` not found.", "task_not_found")
    return task.to_dict()


def _require_filters(request: Request, action: str) -> Any:
    flt = _filter(request, for_listing=False)
    if flt.empty and not request.query_params:
        raise SoukError(
            f"Query parameters to filter the tasks to {action} are missing. Available query "
            "parameters are: `uids`, `indexUids`, `statuses`, `types`, `canceledBy`, "
            "`beforeEnqueuedAt`, `afterEnqueuedAt`, `beforeStartedAt`, `afterStartedAt`, "
            "`beforeFinishedAt`, `afterFinishedAt`.",
            "missing_task_filters",
        )
    return flt


@router.post("/tasks/cancel", status_code=202)
def cancel_tasks(request: Request) -> JsonResponse:
    require(request, "tasks.cancel")
    flt = _require_filters(request, "cancel")
    return accepted(request, engine_of(request).cancel_tasks(flt, "?" + str(request.query_params)))


@router.delete("/tasks", status_code=202)
def delete_tasks(request: Request) -> JsonResponse:
    require(request, "tasks.delete")
    _require_filters(request, "delete")
    return accepted(
        request,
        engine_of(request).delete_tasks(
            dict(request.query_params), "?" + str(request.query_params)
        ),
    )


def _batch(task: Task) -> dict[str, Any]:
    """A finished task seen as a Meilisearch batch (souk applies one task per batch)."""
    shown = task.to_dict()
    return {
        "uid": task.uid,
        "progress": None,
        "details": shown["details"],
        "stats": {
            "totalNbTasks": 1,
            "status": {task.status.value: 1},
            "types": {task.type.value: 1},
            "indexUids": {task.index_uid: 1} if task.index_uid else {},
        },
        "duration": shown["duration"],
        "startedAt": shown["startedAt"],
        "finishedAt": shown["finishedAt"],
        "batchStrategy": "souk applies each task as its own batch",
    }


@router.get("/batches")
def list_batches(request: Request) -> dict[str, Any]:
    ctx = require(request, "tasks.get")
    params = dict(request.query_params)
    if "batchUids" in params:
        params["uids"] = params.pop("batchUids")
    allowed = set(FILTER_PARAMS) | {"limit", "from", "reverse"}
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise SoukError(f"Unknown parameter `{unknown[0]}`", "bad_request")
    flt = parse_task_filter(params)
    limit = int_param(request, "limit", 20, "invalid_batch_limit")
    from_raw = request.query_params.get("from")
    from_uid = int_param(request, "from", 0, "invalid_batch_from") if from_raw else None
    reverse = request.query_params.get("reverse", "false").lower() == "true"
    finished = [
        t
        for t in engine_of(request).query_tasks(flt, limit=None, from_uid=from_uid, reverse=reverse)
        if t.status.finished and (t.index_uid is None or ctx.allows_index(t.index_uid))
    ]
    page = finished[:limit]
    return {
        "results": [_batch(t) for t in page],
        "total": len(finished),
        "limit": limit,
        "from": page[0].uid if page else None,
        "next": finished[limit].uid if len(finished) > limit else None,
    }


@router.get("/batches/{batch_uid}")
def get_batch(batch_uid: str, request: Request) -> dict[str, Any]:
    ctx = require(request, "tasks.get")
    if not batch_uid.isdigit() or int(batch_uid) > 2**53:
        raise SoukError(
            f"Invalid value in parameter `batchUid`: could not parse `{batch_uid}` "
            "as a positive integer",
            "invalid_batch_uids",
        )
    task = engine_of(request).store.get_task(int(batch_uid))
    if (
        task is None
        or not task.status.finished
        or (task.index_uid is not None and not ctx.allows_index(task.index_uid))
    ):
        raise SoukError(f"Batch `{batch_uid}` not found.", "batch_not_found")
    return _batch(task)
