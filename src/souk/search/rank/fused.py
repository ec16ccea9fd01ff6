"""Hybrid order without the model: weighted reciprocal-rank fusion of the two sides."""

from __future__ import annotations

from collections.abc import Sequence

from souk.search.candidates import Candidate
from souk.search.fusion import weighted_rrf


def fused_order(
    keyword: Sequence[Candidate], semantic: Sequence[Candidate], semantic_ratio: float
) -> list[Candidate]:
    """The fused order; a document's score is the better of its two sides' scores."""
    fused = weighted_rrf([c.iid for c in keyword], [c.iid for c in semantic], semantic_ratio)
    keyword_scores = {c.iid: c.score for c in keyword}
    keyword_matched = {c.iid: c.matched for c in keyword}
    semantic_scores = {c.iid: c.score for c in semantic}
    return [
        Candidate(
            f.iid,
            max(keyword_scores.get(f.iid, 0.0), semantic_scores.get(f.iid, 0.0)),
            f.from_semantic,
            keyword_matched.get(f.iid, 0),
            semantic_scores.get(f.iid),
        )
        for f in fused
    ]
