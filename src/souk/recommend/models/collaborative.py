"""Collaborative filtering: implicit-feedback ALS (the ``implicit`` package) over users × items.

Event weights become confidences ``1 + alpha·log1p(weight)``. A shopper the model was trained on
is scored from their factors; anyone else (a new session) is folded in from their anchor items
with one least-squares step, as ALS itself updates a user; ``similar`` compares item factors.
"""

from __future__ import annotations

import numpy as np

from souk.recommend.base import Recommender, RecRequest, RequestKind, recency_weights
from souk.recommend.data import InteractionData


class Collaborative(Recommender):
    name = "collaborative"
    reason = "Shoppers with similar taste chose it"

    def __init__(
        self,
        *,
        factors: int = 128,
        regularization: float = 1.0,
        alpha: float = 4.0,
        iterations: int = 15,
        threads: int = 1,
        seed: int = 7,
    ) -> None:
        super().__init__()
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.threads = threads
        self.seed = seed
        self.user_factors = np.zeros((0, factors), np.float32)
        self.item_factors = np.zeros((0, factors), np.float32)
        self.item_norms = np.zeros(0, np.float32)
        self.gram = np.zeros((factors, factors), np.float32)

    def _fit(self, data: InteractionData) -> None:
        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        user_items = data.user_items()
        if user_items.nnz == 0:
            self.item_factors = np.zeros((data.n_items, self.factors), np.float32)
            self.user_factors = np.zeros((len(data.users), self.factors), np.float32)
        else:
            user_items.data = 1.0 + self.alpha * np.log1p(user_items.data)
            # implicit runs its own threads; BLAS threads on top only oversubscribe the cores
            with threadpool_limits(1, "blas"):
                model = AlternatingLeastSquares(
                    factors=self.factors,
                    regularization=self.regularization,
                    alpha=1.0,
                    iterations=self.iterations,
                    num_threads=self.threads,
                    random_state=self.seed,
                )
                model.fit(user_items, show_progress=False)
            self.user_factors = np.asarray(model.user_factors, np.float32)
            self.item_factors = np.asarray(model.item_factors, np.float32)
        self.item_norms = np.linalg.norm(self.item_factors, axis=1).astype(np.float32)
        self.gram = self.item_factors.T @ self.item_factors

    def update(
        self, old: InteractionData, new: InteractionData, users: np.ndarray, sessions: np.ndarray
    ) -> str:
        """Recompute the touched shoppers' factors against the current item factors (one ALS
        half-step); item factors move only at the next full training."""
        if not self.item_norms.any():
            self.fit(new)
            return "full"
        grown = len(new.users) - len(self.user_factors)
        if grown > 0:
            self.user_factors = np.vstack(
                [self.user_factors, np.zeros((grown, self.factors), np.float32)]
            )
        user_items = new.user_items()
        for user in users:
            row = user_items[int(user)]
            if row.nnz == 0:
                continue
            confidence = 1.0 + self.alpha * np.log1p(row.data)
            factors = self.item_factors[row.indices]
            left = self.gram + (factors.T * (confidence - 1.0)) @ factors
            left += self.regularization * np.eye(self.factors, dtype=np.float32)
            right = (factors * confidence[:, None]).sum(axis=0)
            self.user_factors[int(user)] = np.linalg.solve(left, right)
        return "incremental"

    def _scores(self, request: RecRequest) -> np.ndarray | None:
        if not self.item_norms.any():
            return None
        if request.kind is RequestKind.SIMILAR:
            if not request.anchors:
                return None
            anchor = self.item_factors[request.anchors[-1]]
            norm = float(np.linalg.norm(anchor))
            if norm == 0:
                return None
            cosine: np.ndarray = (self.item_factors @ anchor) / (
                np.maximum(self.item_norms, 1e-6) * norm
            )
            return cosine
        if request.user is not None and 0 <= request.user < len(self.user_factors):
            user = self.user_factors[request.user]
        elif request.anchors:
            user = self.fold_in(request.anchors)
        else:
            return None
        scores: np.ndarray = self.item_factors @ user
        return scores

    def fold_in(self, anchors: tuple[int, ...]) -> np.ndarray:
        """A user vector for items the model never saw together: one ALS user update."""
        items = np.asarray(anchors, np.int64)
        confidence = 1.0 + self.alpha * np.log1p(
            recency_weights(len(items), 0.8) * 8.0
        )  # recent anchors count like purchases, older ones less
        factors = self.item_factors[items]
        left = self.gram + (factors.T * (confidence - 1.0)) @ factors
        left += self.regularization * np.eye(self.factors, dtype=np.float32)
        right = (factors * confidence[:, None]).sum(axis=0)
        return np.linalg.solve(left, right).astype(np.float32)
