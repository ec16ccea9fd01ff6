"""Index routes: create, list, get, update (primary key), delete, swap."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from souk.api.auth import Action, AuthContext
from souk.api.body import json_body, json_object
from souk.api.deps import check_index, engine_of, require
from souk.api.meili.common import ARRAY_BODY, OBJECT_BODY, accepted, index_json, int_param
from souk.api.responses import JsonResponse
from souk.errors import SoukError, invalid_index_uid
from souk.store.validation import valid_index_uid

router = APIRouter(tags=["indexes"])


@router.get("/indexes")
def list_indexes(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.INDEXES_GET))]
) -> dict[str, Any]:
    offset = int_param(request, "offset", 0, "invalid_index_offset")
    limit = int_param(request, "limit", 20, "invalid_index_limit")
    records = [r for r in engine_of(request).list_indexes() if ctx.allows_index(r.uid)]
    return {
        "results": [index_json(r) for r in records[offset : offset + limit]],
        "offset": offset,
        "limit": limit,
        "total": len(records),
    }


@router.post("/indexes", status_code=202, openapi_extra=OBJECT_BODY)
async def create_index(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.INDEXES_CREATE))]
) -> JsonResponse:
    body = await json_object(request)
    return await run_in_threadpool(_create_index, request, ctx, body)


def _create_index(request: Request, ctx: AuthContext, body: dict[str, Any]) -> JsonResponse:
    uid = body.get("uid")
    if uid is None:
        raise SoukError("Missing field `uid`", "missing_index_uid")
    if not isinstance(uid, str) or not valid_index_uid(uid):
        raise invalid_index_uid(str(uid))
    check_index(ctx, uid)
    unknown = set(body) - {"uid", "primaryKey"}
    if unknown:
        raise SoukError(
            f"Unknown field `{sorted(unknown)[0]}`: expected one of `uid`, `primaryKey`",
            "bad_request",
        )
    primary_key = body.get("primaryKey")
    if primary_key is not None and not isinstance(primary_key, str):
        raise SoukError(
            "Invalid value type at `.primaryKey`: expected a string", "invalid_index_primary_key"
        )
    return accepted(request, engine_of(request).create_index(uid, primary_key))


@router.get("/indexes/{uid}")
def get_index(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.INDEXES_GET))],
) -> dict[str, Any]:
    return index_json(engine_of(request).get_index(uid))


@router.patch("/indexes/{uid}", status_code=202, openapi_extra=OBJECT_BODY)
async def update_index(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.INDEXES_UPDATE))],
) -> JsonResponse:
    body = await json_object(request)
    return await run_in_threadpool(_update_index, uid, request, body, ctx)


def _update_index(
    uid: str, request: Request, body: dict[str, Any], ctx: AuthContext
) -> JsonResponse:
    unknown = set(body) - {"primaryKey", "uid"}
    if unknown:
        raise SoukError(
            f"Unknown field `{sorted(unknown)[0]}`: expected one of `primaryKey`", "bad_request"
        )
    new_uid = body.get("uid")
    if new_uid is not None and (not isinstance(new_uid, str) or not valid_index_uid(new_uid)):
        raise invalid_index_uid(str(new_uid))
    if new_uid is not None:
        check_index(ctx, new_uid)  # a key may not rename an index out of its own reach
    primary_key = body.get("primaryKey")
    if primary_key is not None and not isinstance(primary_key, str):
        raise SoukError(
            "Invalid value type at `.primaryKey`: expected a string", "invalid_index_primary_key"
        )
    return accepted(request, engine_of(request).update_index(uid, primary_key, new_uid=new_uid))


@router.delete("/indexes/{uid}", status_code=202)
def delete_index(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.INDEXES_DELETE))],
) -> JsonResponse:
    return accepted(request, engine_of(request).delete_index(uid))


@router.post("/swap-indexes", status_code=202, openapi_extra=ARRAY_BODY)
async def swap_indexes(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.INDEXES_SWAP))]
) -> JsonResponse:
    body = await json_body(request)
    return await run_in_threadpool(_swap_indexes, request, ctx, body)


def _swap_indexes(request: Request, ctx: AuthContext, body: Any) -> JsonResponse:
    if not isinstance(body, list):
        raise SoukError("Invalid value type: expected an array", "bad_request")
    pairs: list[list[str]] = []
    renames: list[bool] = []
    seen: set[str] = set()
    for position, item in enumerate(body):
        indexes = item.get("indexes") if isinstance(item, dict) else None
        if (
            not isinstance(indexes, list)
            or len(indexes) != 2
            or not all(isinstance(i, str) for i in indexes)
        ):
            raise SoukError(
                f"Invalid value at `[{position}].indexes`: two indexes must be given for a swap",
                "invalid_swap_indexes",
            )
        for uid in indexes:
            check_index(ctx, uid)
            if uid in seen:
                raise SoukError(
                    f"Indexes must be declared only once during a swap. `{uid}` was "
                    "specified several times.",
                    "invalid_swap_duplicate_index_found",
                )
            seen.add(uid)
        rename = item.get("rename", False)
        if not isinstance(rename, bool):
            raise SoukError(
                f"Invalid value type at `[{position}].rename`: expected a boolean",
                "invalid_swap_rename",
            )
        pairs.append(indexes)
        renames.append(rename)
    return accepted(request, engine_of(request).swap_indexes(pairs, renames))


@router.get("/indexes/{uid}/stats")
def index_stats(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.STATS_GET))],
) -> dict[str, Any]:
    return present_stats(engine_of(request).index_stats(uid), request)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} B" if unit == "B" else f"{value:.2f} {unit}"
        value /= 1024
    return f"{value:.2f} TiB"


def present_stats(stats: dict[str, Any], request: Request) -> dict[str, Any]:
    """Apply ``showInternalDatabaseSizes`` and ``sizeFormat=human`` (Meilisearch ≥ 1.22)."""
    out = dict(stats)
    show_internal = request.query_params.get("showInternalDatabaseSizes", "false") == "true"
    if not show_internal:
        out.pop("internalDatabaseSizes", None)
    if request.query_params.get("sizeFormat", "").lower() == "human":
        for key in ("rawDocumentDbSize", "avgDocumentSize", "databaseSize", "usedDatabaseSize"):
            if isinstance(out.get(key), int):
                out[key] = human_size(out[key])
        if "internalDatabaseSizes" in out:
            out["internalDatabaseSizes"] = {
                k: human_size(v) for k, v in out["internalDatabaseSizes"].items()
            }
    return out
