"""``souk.search.federation.federate``: the merge behind federated multi-search, on its own."""

from __future__ import annotations

from typing import Any

from souk.search.federation import FederatedHits, QueryResult, federate


def _result(*scores: float, total: int | None = None, key: str = "estimatedTotalHits") -> Any:
    hits = [{"id": f"{n}", "_rankingScore": s} for n, s in enumerate(scores)]
    return {"hits": hits, key: len(scores) if total is None else total}


def test_hits_merge_by_weighted_score_then_query_position() -> None:
    merged = federate(
        [
            QueryResult("movies", _result(0.9, 0.5), weight=1.0),
            QueryResult("books", _result(0.6, 0.45), weight=1.5),  # 0.9, 0.675
        ],
        offset=0,
        limit=10,
    )
    where = [(h["_federation"]["indexUid"], h["id"]) for h in merged.hits]
    assert where == [("movies", "0"), ("books", "0"), ("books", "1"), ("movies", "1")]
    assert [h["_federation"]["weightedRankingScore"] for h in merged.hits] == [0.9, 0.9, 0.675, 0.5]
    assert [h["_federation"]["queriesPosition"] for h in merged.hits] == [0, 1, 1, 0]
    assert merged.estimated_total_hits == 4


def test_ranking_score_is_kept_only_where_the_query_asked_for_it() -> None:
    merged = federate(
        [
            QueryResult("a", _result(0.8), show_ranking_score=True),
            QueryResult("b", _result(0.7)),
        ],
        offset=0,
        limit=10,
    )
    assert merged.hits[0]["_rankingScore"] == 0.8
    assert "_rankingScore" not in merged.hits[1]


def test_offset_limit_and_totals() -> None:
    queries = [
        QueryResult("a", _result(0.9, 0.7, 0.5, total=40)),
        QueryResult("b", _result(0.8, 0.6, total=7, key="totalHits")),
    ]
    page = federate(queries, offset=1, limit=2)
    assert [h["_federation"]["weightedRankingScore"] for h in page.hits] == [0.8, 0.7]
    assert page == FederatedHits(page.hits, 47)
    assert federate(queries, offset=10, limit=5).hits == []
    assert federate([], offset=0, limit=20) == FederatedHits([], 0)


def test_inputs_are_not_changed() -> None:
    result = _result(0.5)
    federate([QueryResult("a", result)], offset=0, limit=1)
    assert result["hits"] == [{"id": "0", "_rankingScore": 0.5}]
