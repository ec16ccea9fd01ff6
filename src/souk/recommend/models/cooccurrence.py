"""Items that appear together in the same baskets, scored by significance, not raw counts.

Two popular items co-occur often by chance; Dunning's log-likelihood ratio (G², as in Mahout's
item similarity) measures how much more often a pair appears together than independence
predicts, and only positively associated pairs are kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from souk.events.model import EventType
from souk.recommend.base import Recommender, RecRequest, recency_weights
from souk.recommend.data import InteractionData


class CoOccurrence(Recommender):
    name = "co_occurrence"
    reason = "Often viewed together"

    def __init__(
        self,
        *,
        name: str = "co_occurrence",
        reason: str = "Often viewed together",
        kinds: Sequence[EventType] | None = None,
        basket: str = "session",
        max_basket: int = 200,
        anchor_decay: float = 0.6,
        anchors: int = 5,
    ) -> None:
        super().__init__()
        self.name = name  # type: ignore[misc]
        self.reason = reason  # type: ignore[misc]
        self.kinds = None if kinds is None else tuple(kinds)
        self.basket = basket
        self.max_basket = max_basket
        self.anchor_decay = anchor_decay
        self.anchors = anchors
        self.similarity = sparse.csr_matrix((0, 0), dtype=np.float32)
        self.together = sparse.csr_matrix((0, 0), dtype=np.float32)
        self.baskets = 0

    def _fit(self, data: InteractionData) -> None:
        self.together, self.baskets = self._counts(
            data.sequences_of(None, self._by(data), self.kinds), data.n_items
        )
        self._significance()

    def update(
        self, old: InteractionData, new: InteractionData, users: np.ndarray, sessions: np.ndarray
    ) -> str:
        """Co-counts are additive per basket: swap the touched baskets' old contents for new."""
        by = self._by(new)
        owners = sessions if by == "session" else users
        n = new.n_items
        added, added_baskets = self._counts(new.sequences_of(owners, by, self.kinds), n)
        removed, removed_baskets = self._counts(old.sequences_of(owners, by, self.kinds), n)
        self.together = sparse.csr_matrix(self.together + added - removed)
        self.together.eliminate_zeros()
        self.baskets += added_baskets - removed_baskets
        self._significance()
        return "incremental"

    def _by(self, data: InteractionData) -> str:
        return self.basket if data.has_time else "user"

    def _counts(self, sequences: dict[int, np.ndarray], n: int) -> tuple[sparse.csr_matrix, int]:
        """Basket × basket co-counts (diagonal = baskets holding the item) and basket count."""
        rows, cols = [], []
        for number, seq in enumerate(sequences.values()):
            unique = np.unique(seq[-self.max_basket :])
            if len(unique) < 2:
                continue
            rows.append(np.full(len(unique), number, np.int32))
            cols.append(unique)
        if not rows:
            return sparse.csr_matrix((n, n), dtype=np.float32), 0
        row, col = np.concatenate(rows), np.concatenate(cols)
        baskets = sparse.csr_matrix(
            (np.ones(len(row), np.float32), (row, col)), shape=(int(row.max()) + 1, n)
        )
        return sparse.csr_matrix(baskets.T @ baskets), len(rows)

    def _significance(self) -> None:
        n = self.together.shape[0]
        together = self.together.tocoo()
        item_counts = self.together.diagonal().astype(np.float64)
        off_diagonal = together.row != together.col
        i, j = together.row[off_diagonal], together.col[off_diagonal]
        k11 = together.data[off_diagonal].astype(np.float64)
        score = log_likelihood_ratio(k11, item_counts[i], item_counts[j], float(self.baskets))
        keep = score > 0
        self.similarity = sparse.csr_matrix(
            (score[keep].astype(np.float32), (i[keep], j[keep])), shape=(n, n)
        )

    def _scores(self, request: RecRequest) -> np.ndarray | None:
        anchors = list(request.anchors[-self.anchors :])
        if not anchors or self.similarity.nnz == 0:
            return None
        weights = recency_weights(len(anchors), self.anchor_decay)
        rows = self.similarity[anchors]
        return np.asarray(rows.T @ weights).ravel()


def log_likelihood_ratio(
    k11: np.ndarray, count_a: np.ndarray, count_b: np.ndarray, total: float
) -> np.ndarray:
    """G² of the 2×2 table (together, only a, only b, neither); 0 where they repel."""
    k12 = count_a - k11
    k21 = count_b - k11
    k22 = total - count_a - count_b + k11
    row = _entropy(k11 + k12, k21 + k22)
    column = _entropy(k11 + k21, k12 + k22)
    matrix = _entropy(k11, k12, k21, k22)
    g2 = 2.0 * np.maximum(row + column - matrix, 0.0)
    expected = count_a * count_b / max(total, 1.0)
    return np.where(k11 > expected, g2, 0.0)


def _xlogx(x: np.ndarray) -> np.ndarray:
    x = np.maximum(x, 0.0)
    return np.where(x > 0, x * np.log(np.where(x > 0, x, 1.0)), 0.0)


def _entropy(*counts: np.ndarray) -> np.ndarray:
    total = sum(counts)
    return _xlogx(np.asarray(total)) - sum(_xlogx(c) for c in counts)
