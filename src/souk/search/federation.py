"""Federated multi-search: one ranked list from the results of several queries.

Meilisearch's federated search (``POST /multi-search`` with ``federation``) runs each query with
``showRankingScore``, multiplies every hit's ranking score by its query's ``weight`` and merges
the hits by that weighted score (ties go to the earlier query), then applies the federation's
``offset`` and ``limit`` to the merged list. Each hit says where it came from in ``_federation``
(``indexUid``, ``queriesPosition``, ``weightedRankingScore``), and keeps ``_rankingScore`` only
when its query asked for it. Reference: https://www.meilisearch.com/docs/reference/api/multi_search

Pure: it neither searches nor applies access rules; the caller gives it the results it was
allowed to compute, each with at least ``offset + limit`` hits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueryResult:
    """One query of a federated search and the search result it gave.

    ``result`` is a search response computed with ``showRankingScore``; ``show_ranking_score``
    is whether the query itself asked for the score (otherwise it is removed from its hits).
    """

    index_uid: str
    result: Mapping[str, Any]
    weight: float = 1.0
    show_ranking_score: bool = False


@dataclass(frozen=True)
class FederatedHits:
    """The merged page of hits and the sum of the queries' estimated totals."""

    hits: list[dict[str, Any]]
    estimated_total_hits: int


def federate(queries: Sequence[QueryResult], *, offset: int, limit: int) -> FederatedHits:
    """Merge ``queries``' hits by weighted ranking score; keep ``[offset, offset + limit)``."""
    merged: list[tuple[float, int, dict[str, Any]]] = []
    total = 0
    for position, query in enumerate(queries):
        result = query.result
        total += int(result.get("estimatedTotalHits", result.get("totalHits", 0)))
        for hit in result["hits"]:
            score = float(hit.get("_rankingScore", 0.0)) * query.weight
            shown = dict(hit)
            if not query.show_ranking_score:
                shown.pop("_rankingScore", None)
            shown["_federation"] = {
                "indexUid": query.index_uid,
                "queriesPosition": position,
                "weightedRankingScore": round(score, 6),
            }
            merged.append((score, position, shown))
    merged.sort(key=lambda item: (-item[0], item[1]))
    return FederatedHits(
        hits=[hit for _, _, hit in merged[offset : offset + limit]], estimated_total_hits=total
    )
