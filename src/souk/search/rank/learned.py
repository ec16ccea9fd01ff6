"""The learned ranking model's order of the candidates (see :mod:`souk.search.rerank`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from souk.runtime.index_runtime import IndexRuntime
from souk.search.candidates import Candidate
from souk.search.rerank.reranker import Reranker


class LearnedRanking:
    """Orders keyword and semantic candidates by the model, for the spelling-corrected query.

    ``groups`` is the query's number of term groups: a document's matched words are its share
    of the query covered, in words, for the score details.
    """

    def __init__(self, runtime: IndexRuntime, feature_query: str, groups: int) -> None:
        self.rt = runtime
        self.feature_query = feature_query
        self.groups = groups

    def order(self, keyword: Sequence[Candidate], semantic: Sequence[Candidate]) -> list[Candidate]:
        reranked = Reranker(self.rt).rerank(
            self.feature_query, _lexical(keyword), _similarities(semantic)
        )
        return [
            Candidate(
                r.iid,
                r.score,
                not r.lexical,
                matched=round(r.coverage * self.groups),
                similarity=r.similarity,
                learned=True,
            )
            for r in reranked
        ]

    def features(
        self, keyword: Sequence[Candidate], semantic: Sequence[Candidate]
    ) -> tuple[list[int], np.ndarray]:
        """The candidates the model would order, with their feature rows (for training)."""
        return Reranker(self.rt).candidate_features(
            self.feature_query, _lexical(keyword), _similarities(semantic)
        )


def _lexical(keyword: Sequence[Candidate]) -> list[tuple[int, float]]:
    return [(c.iid, c.lexical_score) for c in keyword]


def _similarities(semantic: Sequence[Candidate]) -> list[tuple[int, float]]:
    return [(c.iid, c.score) for c in semantic]
