"""Hybrid retrieval: the keyword and the semantic side together, for fusion or the model."""

from __future__ import annotations

import tantivy

from souk.search.candidates import Candidate, Retrieval
from souk.search.retrieve.keyword import KeywordRetrieval
from souk.search.retrieve.semantic import SemanticRetrieval, id_query
from souk.search.stopwatch import Stopwatch

# How many candidates each retriever contributes to a hybrid fusion, at least.
HYBRID_DEPTH = 100


class HybridRetrieval:
    """Keyword candidates, then semantic ones; the documents of both make up the universe."""

    def __init__(self, keyword: KeywordRetrieval, semantic: SemanticRetrieval) -> None:
        self.keyword = keyword
        self.semantic = semantic

    def retrieve(self, watch: Stopwatch) -> Retrieval:
        found = self.keyword.retrieve(watch)
        keyword = found.keyword or []
        semantic = self.semantic.candidates()
        universe, total = self._join(found.universe, found.total, keyword, semantic)
        watch.lap("semantic")
        return Retrieval(keyword, semantic, universe, total)

    def _join(
        self,
        universe: tantivy.Query,
        total: int,
        keyword: list[Candidate],
        semantic: list[Candidate],
    ) -> tuple[tantivy.Query, int]:
        """The keyword universe and total, grown by the semantic hits the keyword side lacks.

        A vector neighbour may match no query word, yet the shopper can page to it, so it
        counts in the total and in the facets.
        """
        seen = {c.iid for c in keyword}
        extra = [c.iid for c in semantic if c.iid not in seen]
        if not extra:
            return universe, total
        side = id_query(self.semantic.rt.lexical, extra, self.semantic.flt)
        joined = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, universe), (tantivy.Occur.Should, side)]
        )
        return joined, total + len(extra)
