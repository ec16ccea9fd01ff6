"""Search routes: GET/POST search, multi-search (also federated), facet search, similar.

Every search reads through :class:`~souk.engine.scoped.ScopedIndex` (a tenant token's rule is
applied there). The work runs in the thread pool, never on the event loop: routes with a body
read it (``async``) and hand the search to :func:`run_in_threadpool`, the others are plain ``def``.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from souk.api.auth import Action, AuthContext
from souk.api.body import json_object
from souk.api.deps import SearchIndex, check_index, engine_of, require
from souk.api.meili.common import OBJECT_BODY
from souk.engine import Engine
from souk.engine.scoped import ScopedIndex
from souk.errors import SoukError, reject_unknown_fields
from souk.search.federation import QueryResult, federate

router = APIRouter(tags=["search"])

SEARCH_PARAMS = {
    "q",
    "filter",
    "facets",
    "sort",
    "limit",
    "offset",
    "page",
    "hitsPerPage",
    "attributesToRetrieve",
    "attributesToHighlight",
    "highlightPreTag",
    "highlightPostTag",
    "attributesToCrop",
    "cropLength",
    "cropMarker",
    "showMatchesPosition",
    "showRankingScore",
    "showRankingScoreDetails",
    "matchingStrategy",
    "hybrid",
    "vector",
    "distinct",
    "attributesToSearchOn",
    "rankingScoreThreshold",
    "retrieveVectors",
    "locales",
    "facetsDisjunctive",
    "showPerformanceDetails",
    "media",
    # souk's own (see docs/relevance.md and docs/query-understanding.md)
    "ranker",
    "understand",
}


def _check_keys(body: dict[str, Any], allowed: set[str], where: str = "") -> None:
    reject_unknown_fields(body, allowed, where)


def run_search(engine: Engine, index: ScopedIndex, params: dict[str, Any]) -> dict[str, Any]:
    """Search ``index`` and log the search for analytics (blocking: call it off the loop)."""
    response = index.search(params)
    engine.behaviour.log_search(index.uid, response)
    return response


@router.post("/indexes/{uid}/search", openapi_extra=OBJECT_BODY)
async def search_post(uid: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    body = await json_object(request, required=False)
    _check_keys(body, SEARCH_PARAMS)
    return await run_in_threadpool(run_search, engine_of(request), index, body)


@router.get("/indexes/{uid}/search")
def search_get(uid: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    ratio = params.pop("hybridSemanticRatio", None)
    embedder = params.pop("hybridEmbedder", None)
    if ratio is not None or embedder is not None:
        try:
            semantic = float(ratio) if ratio is not None else 0.5
        except ValueError:
            raise SoukError(
                "Invalid value in parameter `hybridSemanticRatio`: could not parse "
                f"`{ratio}` as a float",
                "invalid_search_semantic_ratio",
            ) from None
        params["hybrid"] = {"semanticRatio": semantic, "embedder": embedder or "default"}
    if "vector" in params:
        try:
            params["vector"] = [float(v) for v in str(params["vector"]).split(",") if v]
        except ValueError:
            raise SoukError(
                "Invalid value in parameter `vector`", "invalid_search_vector"
            ) from None
    for name in ("limit", "offset", "page", "hitsPerPage", "cropLength"):
        if name in params:
            try:
                params[name] = int(params[name])
            except ValueError:
                raise SoukError(
                    f"Invalid value in parameter `{name}`: could not parse "
                    f"`{params[name]}` as a positive integer",
                    f"invalid_search_{_snake(name)}",
                ) from None
    _check_keys(params, SEARCH_PARAMS)
    return run_search(engine_of(request), index, params)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


@router.post("/multi-search", openapi_extra=OBJECT_BODY)
async def multi_search(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.SEARCH))]
) -> dict[str, Any]:
    """Each query's index is checked against the key (and tenant token) here, by position."""
    body = await json_object(request)
    return await run_in_threadpool(_multi_search, engine_of(request), ctx, body)


def _multi_search(engine: Engine, ctx: AuthContext, body: dict[str, Any]) -> dict[str, Any]:
    _check_keys(body, {"queries", "federation"})
    queries = body.get("queries")
    if not isinstance(queries, list):
        raise SoukError(
            "Missing field `queries`"
            if queries is None
            else "Invalid value type at `.queries`: expected an array",
            "bad_request" if queries is not None else "missing_multi_search_queries",
        )
    if len(queries) > engine.config.max_federated_queries:
        raise SoukError(
            f"Invalid value at `.queries`: {len(queries):,} queries in one request; the limit "
            f"is {engine.config.max_federated_queries} (setting SOUK_MAX_FEDERATED_QUERIES).",
            "bad_request",
        )
    federation = body.get("federation")
    if federation is not None and not isinstance(federation, dict):
        raise SoukError(
            "Invalid value type at `.federation`: expected an object",
            "invalid_multi_search_federation",
        )
    if federation is not None:
        _check_keys(
            federation, {"offset", "limit", "facetsByIndex", "mergeFacets"}, " inside `.federation`"
        )
        for name in ("offset", "limit"):
            value = federation.get(name, 0)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**53:
                raise SoukError(
                    f"Invalid value type at `.federation.{name}`: expected a positive integer",
                    f"invalid_multi_search_federation_{name}",
                )
    results: list[QueryResult] = []
    started = time.perf_counter()
    for position, query in enumerate(queries):
        if not isinstance(query, dict):
            raise SoukError(
                f"Invalid value type at `.queries[{position}]`: expected an object", "bad_request"
            )
        uid = query.get("indexUid")
        if not isinstance(uid, str):
            raise SoukError(
                f"Missing field `indexUid` inside `.queries[{position}]`", "missing_index_uid"
            )
        options = query.get("federationOptions") or {}
        weight = options.get("weight", 1.0) if isinstance(options, dict) else None
        if federation is None and query.get("federationOptions") is not None:
            raise SoukError(
                f"Inside `.queries[{position}]`: Using `federationOptions` is not "
                "allowed in a non-federated search.",
                "invalid_multi_search_federation_options",
            )
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise SoukError(
                f"Invalid value at `.queries[{position}].federationOptions.weight`: "
                "expected a positive number",
                "invalid_multi_search_weight",
            )
        params = {k: v for k, v in query.items() if k not in ("indexUid", "federationOptions")}
        _check_keys(params, SEARCH_PARAMS, f" inside `.queries[{position}]`")
        if federation is not None:
            params = {
                **params,
                "showRankingScore": True,
                "offset": 0,
                "limit": int(federation.get("offset", 0)) + int(federation.get("limit", 20)),
            }
        try:
            check_index(ctx, uid)
            result = run_search(engine, engine.scoped(uid, ctx.scope(uid)), params)
        except SoukError as exc:
            exc.message = f"Inside `.queries[{position}]`: {exc.message}"
            raise
        results.append(
            QueryResult(
                uid, result, float(weight), show_ranking_score=bool(query.get("showRankingScore"))
            )
        )
    if federation is None:
        return {"results": [{"indexUid": r.index_uid, **r.result} for r in results]}
    offset = int(federation.get("offset", 0))
    limit = int(federation.get("limit", 20))
    merged = federate(results, offset=offset, limit=limit)
    return {
        "hits": merged.hits,
        "processingTimeMs": int((time.perf_counter() - started) * 1000),
        "limit": limit,
        "offset": offset,
        "estimatedTotalHits": merged.estimated_total_hits,
    }


@router.post("/indexes/{uid}/facet-search", openapi_extra=OBJECT_BODY)
async def facet_search_route(uid: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(index.facet_search, body)


@router.post("/indexes/{uid}/similar", openapi_extra=OBJECT_BODY)
async def similar_post(uid: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(index.similar, body)


@router.get("/indexes/{uid}/similar")
def similar_get(uid: str, request: Request, index: SearchIndex) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    for name in ("offset", "limit"):
        if name in params and str(params[name]).isdigit():
            params[name] = int(params[name])
    return index.similar(params)
