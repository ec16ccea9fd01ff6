"""What shoppers pick next: a multi-step item-to-item transition model.

Every pair (a earlier, b later) within ``max_gap`` steps of one shopper's sequence adds
``gap_decay``^(gap-1) to a→b and ``backward`` times that to b→a (shoppers revisit). Rows are
divided by their total to the power ``alpha`` (between raw counts, 0, and probabilities, 1), and
a request scores items from its last ``anchors`` items, each older one weighted ``anchor_decay``
times less. The defaults were tuned on the Beauty validation items (docs/recommendations.md).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from souk.recommend.base import Recommender, RecRequest, recency_weights
from souk.recommend.data import InteractionData


class Transitions(Recommender):
    name = "transitions"
    reason = "Often chosen next"

    def __init__(
        self,
        *,
        max_gap: int = 6,
        gap_decay: float = 0.7,
        backward: float = 0.25,
        alpha: float = 0.25,
        anchors: int = 3,
        anchor_decay: float = 0.5,
        by: str = "user",
    ) -> None:
        super().__init__()
        self.max_gap = max_gap
        self.gap_decay = gap_decay
        self.backward = backward
        self.alpha = alpha
        self.anchors = anchors
        self.anchor_decay = anchor_decay
        self.by = by
        self.matrix = sparse.csr_matrix((0, 0), dtype=np.float32)
        self.counts = sparse.csr_matrix((0, 0), dtype=np.float32)

    def _fit(self, data: InteractionData) -> None:
        self.counts = self._pair_counts(data.sequences(by=self.by), data.n_items)
        self._normalise()

    def update(
        self, old: InteractionData, new: InteractionData, users: np.ndarray, sessions: np.ndarray
    ) -> str:
        """Counts are additive per shopper: take out the touched shoppers' old sequences and
        put in their new ones, then normalise again."""
        owners = users if self.by == "user" else sessions
        before = list(old.sequences_of(owners, by=self.by).values())
        after = list(new.sequences_of(owners, by=self.by).values())
        n = new.n_items
        self.counts = sparse.csr_matrix(
            self.counts + self._pair_counts(after, n) - self._pair_counts(before, n)
        )
        self.counts.eliminate_zeros()
        self._normalise()
        return "incremental"

    def _pair_counts(self, sequences: list[np.ndarray], n: int) -> sparse.csr_matrix:
        sources, targets, weights = [], [], []
        for seq in sequences:
            for gap in range(1, min(self.max_gap, len(seq) - 1) + 1):
                weight = self.gap_decay ** (gap - 1)
                earlier, later = seq[:-gap], seq[gap:]
                sources += [earlier, later]
                targets += [later, earlier]
                weights += [
                    np.full(len(earlier), weight, np.float32),
                    np.full(len(later), weight * self.backward, np.float32),
                ]
        if not sources:
            return sparse.csr_matrix((n, n), dtype=np.float32)
        counts = sparse.csr_matrix(
            (np.concatenate(weights), (np.concatenate(sources), np.concatenate(targets))),
            shape=(n, n),
            dtype=np.float32,
        )
        counts.sum_duplicates()
        return counts

    def _normalise(self) -> None:
        totals = np.asarray(self.counts.sum(axis=1)).ravel()
        scale = np.zeros_like(totals)
        np.power(totals, -self.alpha, out=scale, where=totals > 1e-6)
        self.matrix = sparse.csr_matrix(sparse.diags(scale.astype(np.float32)) @ self.counts)

    def _scores(self, request: RecRequest) -> np.ndarray | None:
        anchors = list(request.anchors[-self.anchors :])
        if not anchors or self.matrix.nnz == 0:
            return None
        weights = recency_weights(len(anchors), self.anchor_decay)
        return np.asarray(self.matrix[anchors].T @ weights).ravel()
