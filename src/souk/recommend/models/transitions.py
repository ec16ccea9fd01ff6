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

    def _fit(self, data: InteractionData) -> None:
        sources, targets, weights = [], [], []
        for seq in data.sequences(by=self.by):
            for gap in range(1, min(self.max_gap, len(seq) - 1) + 1):
                weight = self.gap_decay ** (gap - 1)
                earlier, later = seq[:-gap], seq[gap:]
                sources += [earlier, later]
                targets += [later, earlier]
                weights += [
                    np.full(len(earlier), weight, np.float32),
                    np.full(len(later), weight * self.backward, np.float32),
                ]
        n = data.n_items
        if not sources:
            self.matrix = sparse.csr_matrix((n, n), dtype=np.float32)
            return
        counts = sparse.csr_matrix(
            (np.concatenate(weights), (np.concatenate(sources), np.concatenate(targets))),
            shape=(n, n),
            dtype=np.float32,
        )
        counts.sum_duplicates()
        totals = np.asarray(counts.sum(axis=1)).ravel()
        scale = np.zeros_like(totals)
        np.power(totals, -self.alpha, out=scale, where=totals > 0)
        self.matrix = sparse.csr_matrix(sparse.diags(scale.astype(np.float32)) @ counts)

    def _scores(self, request: RecRequest) -> np.ndarray | None:
        anchors = list(request.anchors[-self.anchors :])
        if not anchors or self.matrix.nnz == 0:
            return None
        weights = recency_weights(len(anchors), self.anchor_decay)
        return np.asarray(self.matrix[anchors].T @ weights).ravel()
