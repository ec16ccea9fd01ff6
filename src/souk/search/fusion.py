"""Weighted reciprocal-rank fusion of keyword and semantic result lists.

Reference: Cormack, Clarke & Buettcher, "Reciprocal Rank Fusion outperforms Condorcet and
individual Rank Learning Methods" (SIGIR 2009), with per-list weights so that Meilisearch's
``semanticRatio`` keeps its meaning: 0 is keyword only, 1 is semantic only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

RRF_K = 60.0


@dataclass(frozen=True)
class FusedHit:
    iid: int
    score: float
    from_semantic: bool


def weighted_rrf(
    keyword: Sequence[int], semantic: Sequence[int], semantic_ratio: float, k: float = RRF_K
) -> list[FusedHit]:
    """Fuse two ranked id lists; ties keep keyword order first."""
    keyword_weight = 1.0 - semantic_ratio
    scores: dict[int, list[float]] = {}
    for rank, iid in enumerate(keyword):
        scores.setdefault(iid, [0.0, 0.0])[0] = keyword_weight / (k + rank + 1)
    for rank, iid in enumerate(semantic):
        scores.setdefault(iid, [0.0, 0.0])[1] = semantic_ratio / (k + rank + 1)
    fused = [
        FusedHit(iid, parts[0] + parts[1], parts[1] > parts[0]) for iid, parts in scores.items()
    ]
    fused.sort(key=lambda hit: -hit.score)
    return fused
