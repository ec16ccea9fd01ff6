"""Content similarity from the products' own embeddings: works for items nobody touched yet."""

from __future__ import annotations

import numpy as np

from souk.recommend.base import Recommender, RecRequest, recency_weights
from souk.recommend.data import InteractionData


class ContentSimilarity(Recommender):
    """Cosine similarity to the anchors' vectors, sharpened by ``exp((cos-1)/temperature)``.

    Sentence embeddings put most products of one shop within a narrow band of cosine; the
    exponential turns that band into scores that fall off fast, so a blender can mix them.
    """

    name = "content"
    reason = "Similar product"

    def __init__(
        self, *, temperature: float = 0.05, anchors: int = 3, anchor_decay: float = 0.6
    ) -> None:
        super().__init__()
        self.temperature = temperature
        self.anchors = anchors
        self.anchor_decay = anchor_decay
        self.vectors: np.ndarray | None = None
        self.known = np.zeros(0, bool)

    def _fit(self, data: InteractionData) -> None:
        if data.vectors is None or len(data.vectors) != data.n_items:
            self.vectors = None
            return
        vectors = np.asarray(data.vectors, np.float32)
        norms = np.linalg.norm(vectors, axis=1)
        self.known = norms > 0
        self.vectors = vectors / np.where(norms > 0, norms, 1.0)[:, None]

    def update(
        self, old: InteractionData, new: InteractionData, users: np.ndarray, sessions: np.ndarray
    ) -> str:
        return "incremental"  # events do not change product vectors; new products need a full run

    def _scores(self, request: RecRequest) -> np.ndarray | None:
        if self.vectors is None:
            return None
        anchors = [a for a in request.anchors[-self.anchors :] if self.known[a]]
        if not anchors:
            return None
        weights = recency_weights(len(anchors), self.anchor_decay)
        query = weights @ self.vectors[anchors]
        norm = float(np.linalg.norm(query))
        if norm == 0:
            return None
        cosine = self.vectors @ (query / norm)
        return np.where(self.known, np.exp((cosine - 1.0) / self.temperature), 0.0)
