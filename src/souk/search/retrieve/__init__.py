"""Retrieval strategies: which documents a search considers, before ranking orders them.

* :class:`~souk.search.retrieve.keyword.KeywordRetrieval`: the query's term groups in
  Meilisearch's relevance buckets (or any query word, for the learned model);
* :class:`~souk.search.retrieve.semantic.SemanticRetrieval`: the query vector's nearest
  neighbours;
* :class:`~souk.search.retrieve.hybrid.HybridRetrieval`: both, the vector side's extra
  documents joining the keyword side's universe.

Each takes the compiled filter, which already ANDs the caller's scope into the request's own
filter, so no strategy can reach a document outside the scope.
"""

from __future__ import annotations

from typing import Protocol

from souk.search.candidates import Retrieval
from souk.search.stopwatch import Stopwatch


class RetrievalStrategy(Protocol):
    def retrieve(self, watch: Stopwatch) -> Retrieval:
        """The candidates, their universe and total; each side laps its own stage."""
        ...
