"""Similar documents: nearest neighbours of a document's own vector (Meilisearch ``/similar``).

Also the content-based "similar items" the recommendations will build on (cold start needs no
behaviour data).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from souk.errors import SoukError, reject_unknown_fields
from souk.runtime.index_runtime import IndexRuntime
from souk.search.documents import visible_documents
from souk.search.scope import EVERYTHING, Scope

_ALLOWED = {
    "id",
    "embedder",
    "offset",
    "limit",
    "filter",
    "attributesToRetrieve",
    "showRankingScore",
    "showRankingScoreDetails",
    "rankingScoreThreshold",
    "retrieveVectors",
    "showPerformanceDetails",
}


def _number(body: Mapping[str, Any], key: str, default: int) -> int:
    value = body.get(key, default)
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**53:
        raise SoukError(
            f"Invalid value type at `.{key}`: expected a positive integer", f"invalid_similar_{key}"
        )
    return value


def similar_documents(
    runtime: IndexRuntime, body: Mapping[str, Any], *, scope: Scope = EVERYTHING
) -> dict[str, Any]:
    """Documents nearest to document ``id`` by one embedder, within ``scope`` (the anchor
    itself must be in scope: a caller cannot learn what lies outside it)."""
    started = time.perf_counter()
    reject_unknown_fields(body, _ALLOWED)
    if "id" not in body:
        raise SoukError("Missing field `id`", "invalid_similar_id")
    doc_id = str(body["id"])
    name = body.get("embedder")
    if not isinstance(name, str):
        raise SoukError("Missing field `embedder`", "invalid_similar_embedder")
    vectors = runtime.vectors.get(name)
    if vectors is None:
        raise SoukError(f"Cannot find embedder with name `{name}`.", "invalid_similar_embedder")
    offset, limit = _number(body, "offset", 0), _number(body, "limit", 20)
    try:
        flt = runtime.compile_filter(scope.narrow(body.get("filter")))
    except SoukError as exc:
        raise SoukError(exc.message, "invalid_similar_filter") from exc
    found = visible_documents(runtime, [doc_id], scope)
    if doc_id not in found:
        raise SoukError(f"Document `{doc_id}` not found.", "not_found_similar_id")
    iid = found[doc_id].iid
    if iid not in vectors:
        return _response(doc_id, [], offset, limit, 0, started)
    query = np.asarray(vectors.get(iid), dtype=np.float32)
    allowed = None
    if flt is not None:
        allowed = np.asarray(sorted(runtime.lexical.all_iids(flt)), dtype=np.int64)
        if allowed.size == 0:
            return _response(doc_id, [], offset, limit, 0, started)
    ids, sims = vectors.search(query, offset + limit + 1, allowed=allowed)
    ranked = [(int(i), float(s)) for i, s in zip(ids, sims, strict=True) if int(i) != iid]
    threshold = body.get("rankingScoreThreshold")
    if isinstance(threshold, int | float) and not isinstance(threshold, bool):
        ranked = [(i, s) for i, s in ranked if s >= threshold]
    window = ranked[offset : offset + limit]
    docs = runtime.lexical_documents([i for i, _ in window])
    retrieve = body.get("attributesToRetrieve")
    displayed = runtime.settings["displayedAttributes"]
    hits: list[dict[str, Any]] = []
    for i, score in window:
        doc = dict(docs.get(i, {}))
        if not body.get("retrieveVectors"):
            doc.pop("_vectors", None)
        if "*" not in displayed:
            doc = {k: v for k, v in doc.items() if k in displayed or k == "_vectors"}
        if isinstance(retrieve, list) and "*" not in retrieve:
            doc = {k: v for k, v in doc.items() if k in retrieve}
        if body.get("showRankingScore"):
            doc["_rankingScore"] = round(score, 6)
        hits.append(doc)
    response = _response(doc_id, hits, offset, limit, len(ranked), started)
    if body.get("showPerformanceDetails"):
        response["performanceDetails"] = {
            "total": f"{(time.perf_counter() - started) * 1000:.2f}ms"
        }
    return response


def _response(
    doc_id: str, hits: list[dict[str, Any]], offset: int, limit: int, total: int, started: float
) -> dict[str, Any]:
    return {
        "hits": hits,
        "id": doc_id,
        "processingTimeMs": int((time.perf_counter() - started) * 1000),
        "limit": limit,
        "offset": offset,
        "estimatedTotalHits": total,
    }
