"""Document routes: add/replace (POST), update (PUT), get, fetch, delete (one, batch, filter, all).

Bodies are JSON (array or object), NDJSON or CSV, chosen by ``Content-Type`` as in Meilisearch.
A body that does not parse is refused at once with ``400 malformed_payload`` naming the line or
record; documents that parse but are invalid (bad ids…) fail their task, changing nothing.
Bodies are read on the event loop and parsed in the thread pool.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from souk.api.auth import Action, AuthContext
from souk.api.body import json_body, json_object
from souk.api.deps import engine_of, require
from souk.api.meili.common import ARRAY_BODY, OBJECT_BODY, accepted, int_param
from souk.api.responses import JsonResponse
from souk.errors import SoukError, document_not_found
from souk.readers import RecordError, read_bytes_batches

router = APIRouter(tags=["documents"])

_FORMATS = {"application/json": "json", "application/x-ndjson": "ndjson", "text/csv": "csv"}


def _format(request: Request) -> str:
    content_type = request.headers.get("content-type")
    if not content_type:
        raise SoukError(
            "A Content-Type header is missing. Accepted values for the Content-Type header "
            "are: `application/json`, `application/x-ndjson`, `text/csv`",
            "missing_content_type",
        )
    media = content_type.split(";")[0].strip().lower()
    if media not in _FORMATS:
        raise SoukError(
            f"The Content-Type `{content_type}` is invalid. Accepted values for the Content-Type "
            "header are: `application/json`, `application/x-ndjson`, `text/csv`",
            "invalid_content_type",
        )
    return _FORMATS[media]


def _documents(
    request: Request, fmt: str, data: bytes
) -> tuple[list[dict[str, Any]], list[int], str]:
    """Parse a payload (blocking: CSV or JSON of up to the body limit)."""
    if not data.strip():
        raise SoukError(
            "A json payload is missing." if fmt == "json" else "A payload is missing.",
            "missing_payload",
        )
    delimiter = request.query_params.get("csvDelimiter", ",")
    if len(delimiter) != 1 or not delimiter.isascii():
        raise SoukError(
            "Invalid value in parameter `csvDelimiter`: expected a string of one "
            f"character, but found the following string of {len(delimiter)} "
            f"characters: `{delimiter}`",
            "invalid_document_csv_delimiter",
        )
    if delimiter != "," and fmt != "csv":
        raise SoukError(
            "The Content-Type `"
            + str(request.headers.get("content-type"))
            + "` does not support the use of a csv delimiter. The csv delimiter can "
            "only be used with the Content-Type `text/csv`.",
            "invalid_content_type",
        )
    records: list[dict[str, Any]] = []
    locations: list[int] = []
    kind = "record"
    try:
        for batch in read_bytes_batches(
            data,
            fmt,
            source="payload",
            batch_size=100_000,
            csv_delimiter=delimiter,
            limits=engine_of(request).document_limits,
        ):
            if batch.error is not None:
                raise batch.error
            records.extend(batch.records)
            locations.extend(batch.locations)
            kind = batch.location_kind
    except RecordError as exc:
        label = "json" if fmt == "json" else fmt
        raise SoukError(
            f"The {label} payload provided is malformed. `{exc}`.", "malformed_payload"
        ) from exc
    return records, locations, kind


async def _write(uid: str, request: Request, update: bool) -> JsonResponse:
    fmt = _format(request)
    data = await request.body()
    return await run_in_threadpool(_enqueue_documents, uid, request, fmt, data, update)


def _enqueue_documents(
    uid: str, request: Request, fmt: str, data: bytes, update: bool
) -> JsonResponse:
    records, locations, kind = _documents(request, fmt, data)
    primary_key = request.query_params.get("primaryKey") or None
    skip = request.query_params.get("skipCreation", "false").lower() == "true"
    task = engine_of(request).add_documents(
        uid,
        records,
        primary_key=primary_key,
        update=update,
        source="payload",
        locations=locations,
        location_kind=kind,
        skip_creation=skip,
    )
    return accepted(request, task)


@router.post("/indexes/{uid}/documents", status_code=202, openapi_extra=ARRAY_BODY)
async def add_or_replace(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_ADD))],
) -> JsonResponse:
    return await _write(uid, request, update=False)


@router.put("/indexes/{uid}/documents", status_code=202, openapi_extra=ARRAY_BODY)
async def add_or_update(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_ADD))],
) -> JsonResponse:
    return await _write(uid, request, update=True)


def _fields(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return [f.strip() for f in raw.split(",") if f.strip()]
    if isinstance(raw, list) and all(isinstance(f, str) for f in raw):
        return list(raw)
    raise SoukError(
        "Invalid value type at `.fields`: expected an array of strings", "invalid_document_fields"
    )


def _project(
    doc: dict[str, Any],
    fields: Sequence[str] | None,
    displayed: Sequence[str],
    *,
    vectors: bool = False,
) -> dict[str, Any]:
    out = {k: v for k, v in doc.items() if k != "_vectors"}
    if "*" not in displayed:
        out = {k: v for k, v in out.items() if k in displayed}
    if fields is not None and "*" not in fields:
        out = {k: v for k, v in out.items() if k in fields}
    if vectors and "_vectors" in doc:
        out["_vectors"] = doc["_vectors"]
    return out


def _retrieve_vectors(raw: Any) -> bool:
    if raw is None:
        return False
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    if isinstance(raw, bool):
        return raw
    raise SoukError(
        f"Invalid value type at `.retrieveVectors`: expected a boolean, but found `{raw!r}`",
        "invalid_document_retrieve_vectors",
    )


def _browse(uid: str, request: Request, params: dict[str, Any]) -> dict[str, Any]:
    engine = engine_of(request)
    offset = params.get("offset", 0)
    limit = params.get("limit", 20)
    for name, value in (("offset", offset), ("limit", limit)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**53:
            raise SoukError(
                f"Invalid value type at `.{name}`: expected a positive integer",
                f"invalid_document_{name}",
            )
    fields = _fields(params.get("fields"))
    flt = params.get("filter")
    if flt is not None and not isinstance(flt, str | list):
        raise SoukError(
            "Invalid syntax for the filter parameter: `expected String, Array`",
            "invalid_document_filter",
        )
    ids = params.get("ids")
    sort = params.get("sort")
    try:
        if sort is not None:
            docs, total = _sorted_documents(engine, uid, offset, limit, flt, sort)
        else:
            docs, total = engine.fetch_documents(
                uid, offset=offset, limit=limit, filter_expr=flt, ids=ids
            )
    except SoukError as exc:
        if exc.code in ("invalid_search_filter", "invalid_search_sort"):
            kind = exc.code.removeprefix("invalid_search_")
            raise SoukError(exc.message, f"invalid_document_{kind}") from exc
        raise
    displayed = engine.get_index(uid).settings["displayedAttributes"]
    vectors = _retrieve_vectors(params.get("retrieveVectors"))
    if vectors:
        docs = engine.document_vectors(uid, docs)
    return {
        "results": [_project(d, fields, displayed, vectors=vectors) for d in docs],
        "offset": offset,
        "limit": limit,
        "total": total,
    }


def _sorted_documents(
    engine: Any, uid: str, offset: int, limit: int, flt: Any, sort: Any
) -> tuple[list[dict[str, Any]], int]:
    """Documents in ``sort`` order (sortable attributes), through a placeholder search."""
    keys = [s.strip() for s in sort.split(",")] if isinstance(sort, str) else sort
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise SoukError(
            "Invalid value type at `.sort`: expected an array of strings", "invalid_document_sort"
        )
    params: dict[str, Any] = {"sort": keys, "offset": offset, "limit": limit}
    if flt is not None:
        params["filter"] = flt
    result = engine.search(uid, params)
    return result["hits"], int(result["estimatedTotalHits"])


@router.get("/indexes/{uid}/documents")
def get_documents(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_GET))],
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "offset": int_param(request, "offset", 0, "invalid_document_offset"),
        "limit": int_param(request, "limit", 20, "invalid_document_limit"),
        "fields": request.query_params.get("fields"),
        "filter": request.query_params.get("filter"),
    }
    if request.query_params.get("sort"):
        params["sort"] = request.query_params["sort"]
    if request.query_params.get("ids"):
        params["ids"] = [i for i in request.query_params["ids"].split(",") if i]
    if request.query_params.get("retrieveVectors") is not None:
        params["retrieveVectors"] = request.query_params["retrieveVectors"]
    return _browse(uid, request, params)


@router.post("/indexes/{uid}/documents/fetch", openapi_extra=OBJECT_BODY)
async def fetch_documents(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_GET))],
) -> dict[str, Any]:
    body = await json_object(request, required=False)
    unknown = set(body) - {"offset", "limit", "fields", "filter", "ids", "retrieveVectors", "sort"}
    if unknown:
        raise SoukError(
            f"Unknown field `{sorted(unknown)[0]}`: expected one of `offset`, "
            "`limit`, `fields`, `filter`, `ids`",
            "bad_request",
        )
    return await run_in_threadpool(_browse, uid, request, body)


@router.get("/indexes/{uid}/documents/{document_id}")
def get_document(
    uid: str,
    document_id: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_GET))],
) -> dict[str, Any]:
    engine = engine_of(request)
    doc = engine.get_document(uid, document_id)
    if doc is None:
        raise document_not_found(document_id)
    displayed = engine.get_index(uid).settings["displayedAttributes"]
    vectors = _retrieve_vectors(request.query_params.get("retrieveVectors"))
    if vectors:
        doc = engine.document_vectors(uid, [doc])[0]
    return _project(doc, _fields(request.query_params.get("fields")), displayed, vectors=vectors)


@router.delete("/indexes/{uid}/documents/{document_id}", status_code=202)
def delete_document(
    uid: str,
    document_id: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_DELETE))],
) -> JsonResponse:
    return accepted(request, engine_of(request).delete_documents(uid, [document_id]))


@router.post("/indexes/{uid}/documents/delete-batch", status_code=202, openapi_extra=ARRAY_BODY)
async def delete_batch(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_DELETE))],
) -> JsonResponse:
    body = await json_body(request)
    if not isinstance(body, list) or not all(
        isinstance(i, str | int) and not isinstance(i, bool) for i in body
    ):
        raise SoukError(
            "Invalid value type: expected an array of document ids",
            "invalid_document_id" if isinstance(body, list) else "bad_request",
        )
    return await run_in_threadpool(_delete_ids, uid, request, body)


def _delete_ids(uid: str, request: Request, ids: list[str | int]) -> JsonResponse:
    return accepted(request, engine_of(request).delete_documents(uid, ids))


@router.post("/indexes/{uid}/documents/delete", status_code=202, openapi_extra=OBJECT_BODY)
async def delete_by_filter(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_DELETE))],
) -> JsonResponse:
    body = await json_object(request)
    return await run_in_threadpool(_delete_by_filter, uid, request, body)


def _delete_by_filter(uid: str, request: Request, body: dict[str, Any]) -> JsonResponse:
    flt = body.get("filter")
    if flt is None:
        raise SoukError("Missing field `filter`", "missing_document_filter")
    if not isinstance(flt, str | list) or (isinstance(flt, str) and not flt.strip()):
        raise SoukError(
            "Invalid syntax for the filter parameter: `expected String, Array, "
            "found: " + type(flt).__name__ + "`.",
            "invalid_document_filter",
        )
    engine = engine_of(request)
    from souk.retrieval.filters import FilterError, parse_filter

    try:
        parse_filter(flt)
    except FilterError as exc:
        raise SoukError(str(exc), "invalid_document_filter") from exc
    return accepted(request, engine.delete_by_filter(uid, flt))


@router.delete("/indexes/{uid}/documents", status_code=202)
def delete_all(
    uid: str,
    request: Request,
    ctx: Annotated[AuthContext, Depends(require(Action.DOCUMENTS_DELETE))],
) -> JsonResponse:
    return accepted(request, engine_of(request).delete_all_documents(uid))
