"""Semantic retrieval: the nearest neighbours of the query vector, within the filter."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import tantivy

from souk.errors import SoukError
from souk.retrieval.layout import IID_FIELD
from souk.retrieval.protocols import LexicalIndex
from souk.runtime.index_runtime import IndexRuntime
from souk.search.candidates import Candidate, Retrieval
from souk.search.stopwatch import Stopwatch


class SemanticRetrieval:
    """The ``k`` documents nearest the query: the request's ``vector``, else ``text`` embedded.

    Only documents matching ``flt`` (the scope and the request's filter) are searched, so the
    vector side sees exactly the catalog the keyword side does. ``text`` is ``None`` when the
    request has no query text: then without a vector there is nothing to search for.
    """

    def __init__(
        self,
        runtime: IndexRuntime,
        flt: tantivy.Query | None,
        *,
        embedder: str,
        vector: Sequence[float] | None,
        text: str | None,
        k: int,
    ) -> None:
        self.rt = runtime
        self.flt = flt
        self.embedder = embedder
        self.vector = vector
        self.text = text
        self.k = k

    def retrieve(self, watch: Stopwatch) -> Retrieval:
        candidates = self.candidates()
        watch.lap("semantic")
        universe = id_query(self.rt.lexical, [c.iid for c in candidates], self.flt)
        return Retrieval(None, candidates, universe, len(candidates))

    def candidates(self) -> list[Candidate]:
        """The neighbours by similarity, scored by it."""
        return [
            Candidate(iid, similarity, True, similarity=similarity)
            for iid, similarity in self.neighbours()
        ]

    def neighbours(self) -> list[tuple[int, float]]:
        """``(iid, similarity)`` of the nearest documents, nearest first."""
        name = self.embedder
        vectors = self.rt.vectors.get(name)
        if vectors is None:
            raise SoukError(f"Cannot find embedder with name `{name}`.", "invalid_search_embedder")
        if self.vector is not None:
            query = np.asarray(self.vector, dtype=np.float32)
            if query.shape[0] != vectors.dimensions:
                raise SoukError(
                    f"Invalid vector dimensions: expected {vectors.dimensions}, found "
                    f"{query.shape[0]}.",
                    "invalid_vector_dimensions",
                )
        else:
            embedder = self.rt.embedders.get(name)
            if embedder is None or not self.text:
                return []
            query = embedder.embed_query(self.text)
        allowed = None
        if self.flt is not None:
            allowed = np.asarray(sorted(self.rt.lexical.all_iids(self.flt)), dtype=np.int64)
            if allowed.size == 0:
                return []
        ids, sims = vectors.search(query, self.k, allowed=allowed)
        return [(int(i), float(s)) for i, s in zip(ids, sims, strict=True)]


def id_query(
    lexical: LexicalIndex, iids: Sequence[int], flt: tantivy.Query | None
) -> tantivy.Query:
    """The documents ``iids`` that match ``flt``: how vector hits join a facet universe."""
    if not iids:
        return tantivy.Query.empty_query()
    query = tantivy.Query.term_set_query(lexical.schema, IID_FIELD, list(iids))
    if flt is None:
        return query
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, flt)])
