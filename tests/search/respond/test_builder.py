"""The response builder: a page of the ranked list, in either pagination shape."""

from __future__ import annotations

from typing import Any

import tantivy

from souk.runtime.index_runtime import IndexRuntime
from souk.search.candidates import Candidate
from souk.search.request import SearchRequest
from souk.search.respond.builder import ResponseBuilder
from souk.search.respond.pagination import page_of
from souk.search.stopwatch import Stopwatch
from tests.search.tiny import iids


def build(
    runtime: IndexRuntime,
    request: SearchRequest,
    order: list[int],
    *,
    facets: list[str] | None = None,
    semantic_side: bool = False,
) -> dict[str, Any]:
    by_id = iids(runtime)
    ranked = [Candidate(by_id[i], 1.0, semantic=i % 2 == 0) for i in order]
    builder = ResponseBuilder(
        runtime,
        request,
        groups=[],
        page=page_of(request, 1000),
        facets=facets,
        recount=lambda relaxed: {},
        watch=Stopwatch(),
    )
    return builder.build(
        ranked, total=len(ranked), universe=tantivy.Query.all_query(), semantic_side=semantic_side
    )


def test_offset_and_limit_shape(tiny: IndexRuntime) -> None:
    response = build(tiny, SearchRequest(q="x", offset=1, limit=2), [3, 1, 2, 5])
    assert [h["id"] for h in response["hits"]] == [1, 2]
    assert list(response) == [
        "hits",
        "query",
        "processingTimeMs",
        "limit",
        "offset",
        "estimatedTotalHits",
    ]
    assert (response["query"], response["estimatedTotalHits"]) == ("x", 4)


def test_page_shape(tiny: IndexRuntime) -> None:
    response = build(tiny, SearchRequest(page=2, hits_per_page=3), [6, 5, 4, 3, 2, 1])
    assert [h["id"] for h in response["hits"]] == [3, 2, 1]
    assert {k: response[k] for k in ("hitsPerPage", "page", "totalPages", "totalHits")} == {
        "hitsPerPage": 3,
        "page": 2,
        "totalPages": 2,
        "totalHits": 6,
    }
    assert "estimatedTotalHits" not in response and response["query"] == ""


def test_distinct_facets_and_semantic_count(tiny: IndexRuntime) -> None:
    request = SearchRequest(distinct="brand", show_performance_details=True)
    response = build(tiny, request, [1, 2, 3, 4, 5, 6], facets=["brand"], semantic_side=True)
    assert [h["id"] for h in response["hits"]] == [1, 3, 5]
    assert response["facetDistribution"] == {"brand": {"Acme": 2, "Borealis": 2, "Cafeto": 2}}
    assert response["semanticHitCount"] == 0
    assert list(response["performanceDetails"]) == ["fetch documents", "format", "facets"]
    assert "semanticHitCount" not in build(tiny, SearchRequest(), [2, 4])
    assert build(tiny, SearchRequest(), [2, 4], semantic_side=True)["semanticHitCount"] == 2
