"""Task routes: list with filters, get one, cancel, delete; batches.

An index-scoped key sees the tasks of the indexes it may access (and index-less ones), and its
cancel and delete requests reach only the tasks of those indexes: :func:`_narrowed` forces the
filter's ``indexUids`` to them before the engine is asked to act.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from souk.api.auth import Action, AuthContext
from souk.api.deps import engine_of, require
from souk.api.meili.common import accepted, int_param
from souk.api.responses import JsonResponse
from souk.engine import Engine
from souk.errors import SoukError
from souk.store.task_filter import FILTER_PARAMS, TaskFilter, parse_task_filter
from souk.store.task_records import Task

router = APIRouter(tags=["tasks"])


def _filter(request: Request, *, for_listing: bool) -> TaskFilter:
    allowed = set(FILTER_PARAMS) | ({"limit", "from", "reverse"} if for_listing else set())
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise SoukError(
            f"Unknown parameter `{unknown[0]}`: expected one of "
            + ", ".join(f"`{p}`" for p in sorted(allowed)),
            "bad_request",
        )
    return parse_task_filter(request.query_params)


#: an ``indexUids`` value no task has (index uids are alphanumeric, ``-`` and ``_``): the filter
#: of a key that may touch none of the indexes asked for (an empty list would mean "any index")
NO_INDEX = "!"


def _narrowed(engine: Engine, ctx: AuthContext, flt: TaskFilter) -> list[str] | None:
    """The ``indexUids`` a cancel or delete filter may reach with these credentials.

    ``None`` when the key reaches every index (the filter stays as given). Otherwise the indexes
    the filter names, or else every index the key may access (existing ones and those the
    matching tasks belong to), limited to the key's: tasks of other indexes, and index-less
    tasks, never match.
    """
    if ctx.all_indexes:
        return None
    if flt.index_uids is not None:
        wanted = list(flt.index_uids)
    else:
        known = {record.uid for record in engine.list_indexes()}
        known |= {t.index_uid for t in engine.query_tasks(flt, limit=None) if t.index_uid}
        wanted = sorted(known)
    return [uid for uid in wanted if ctx.allows_index(uid)] or [NO_INDEX]


@router.get("/tasks")
def list_tasks(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.TASKS_GET))]
) -> dict[str, Any]:
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
def get_task(
    task_uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.TASKS_GET))],
) -> dict[str, Any]:
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


def _require_filters(request: Request, action: str) -> TaskFilter:
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
def cancel_tasks(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.TASKS_CANCEL))]
) -> JsonResponse:
    flt = _require_filters(request, "cancel")
    engine = engine_of(request)
    params = dict(request.query_params)
    allowed = _narrowed(engine, ctx, flt)
    if allowed is not None:
        params["indexUids"] = ",".join(allowed)
    return accepted(request, engine.cancel_tasks(params, "?" + str(request.query_params)))


@router.delete("/tasks", status_code=202)
def delete_tasks(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.TASKS_DELETE))]
) -> JsonResponse:
    flt = _require_filters(request, "delete")
    engine = engine_of(request)
    params = dict(request.query_params)
    allowed = _narrowed(engine, ctx, flt)
    if allowed is not None:
        params["indexUids"] = ",".join(allowed)
    return accepted(request, engine.delete_tasks(params, "?" + str(request.query_params)))


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
def list_batches(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.TASKS_GET))]
) -> dict[str, Any]:
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
def get_batch(
    batch_uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.TASKS_GET))],
) -> dict[str, Any]:
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
