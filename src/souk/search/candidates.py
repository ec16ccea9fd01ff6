"""What retrieval hands to ranking, and ranking to the response: candidates and their universe."""

from __future__ import annotations

from dataclasses import dataclass

import tantivy


@dataclass(slots=True)
class Candidate:
    """One document on its way to a response, with what its score details report."""

    iid: int
    score: float  # the 0..1 ``_rankingScore``
    semantic: bool = False  # placed by the vector side (counted in ``semanticHitCount``)
    matched: int = 0  # query words (term groups) the document matched, for score details
    similarity: float | None = None  # to the query vector, when the vector side compared it
    learned: bool = False  # ordered by the learned ranking model
    # The keyword retriever's own score (BM25 within its bucket; 1.0 when sorted or browsing),
    # which the learned model reads as a feature; ``score`` is the 0..1 rule-based one.
    lexical_score: float = 0.0


@dataclass
class Retrieval:
    """What a retrieval strategy found, before any ranking.

    ``keyword`` and ``semantic`` are each side's candidates in retrieval order, ``None`` when
    that side did not run. ``universe`` matches every document a user could page to (facets
    are counted over it) and ``total`` counts them; both already lie within the caller's scope
    and the request's filter.
    """

    keyword: list[Candidate] | None
    semantic: list[Candidate] | None
    universe: tantivy.Query
    total: int
