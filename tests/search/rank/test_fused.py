"""Fusion keeps each side's evidence on the fused candidates."""

from __future__ import annotations

from souk.search.candidates import Candidate
from souk.search.rank.fused import fused_order


def test_keyword_only_ratio_keeps_the_keyword_order_first() -> None:
    keyword = [Candidate(1, 0.5, matched=1), Candidate(2, 1.0, matched=2)]
    semantic = [Candidate(3, 0.9, True, similarity=0.9)]
    fused = fused_order(keyword, semantic, 0.0)
    assert [c.iid for c in fused][:2] == [1, 2]
    assert [(c.matched, c.similarity, c.semantic) for c in fused][:2] == [
        (1, None, False),
        (2, None, False),
    ]


def test_a_semantic_only_hit_is_marked_and_scored_by_similarity() -> None:
    fused = fused_order(
        [Candidate(1, 0.5, matched=1)], [Candidate(3, 0.9, True, similarity=0.9)], 0.7
    )
    assert fused[0].iid == 3 and fused[0].semantic
    assert (fused[0].score, fused[0].matched, fused[0].similarity) == (0.9, 0, 0.9)
