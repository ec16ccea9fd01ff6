"""Weighted reciprocal-rank fusion keeps Meilisearch's semanticRatio meaning."""

from __future__ import annotations

from souk.search.fusion import weighted_rrf


def test_ratio_zero_is_keyword_order_and_one_is_semantic_order() -> None:
    keyword, semantic = [1, 2, 3], [3, 4, 1]
    assert [h.iid for h in weighted_rrf(keyword, semantic, 0.0)][:3] == [1, 2, 3]
    assert [h.iid for h in weighted_rrf(keyword, semantic, 1.0)][:3] == [3, 4, 1]


def test_documents_in_both_lists_rise() -> None:
    fused = weighted_rrf([1, 2, 3], [3, 4, 5], 0.5)
    assert fused[0].iid in (1, 3)
    assert {h.iid for h in fused} == {1, 2, 3, 4, 5}
    by_id = {h.iid: h for h in fused}
    assert by_id[4].from_semantic and not by_id[2].from_semantic
