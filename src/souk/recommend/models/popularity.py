"""Popularity, time-decayed, globally and within the anchors' categories."""

from __future__ import annotations

import math

import numpy as np

from souk.recommend.base import Recommender, RecRequest
from souk.recommend.data import InteractionData

DAY = 86_400.0


class Popularity(Recommender):
    """Summed event weights, each halved every ``half_life_days`` before the newest event.

    With anchors that have a category, items of those categories get ``category_share`` of the
    score from their rank within the category, so a fallback stays on topic.
    """

    name = "popularity"
    reason = "Popular now"

    def __init__(self, half_life_days: float = 14.0, category_share: float = 0.7) -> None:
        super().__init__()
        self.half_life_days = half_life_days
        self.category_share = category_share
        self.counts = np.zeros(0, np.float32)
        self.categories = np.zeros(0, np.int32)

    def _fit(self, data: InteractionData) -> None:
        weight = data.weight.astype(np.float64)
        if data.has_time and self.half_life_days > 0 and len(data.ts):
            age_days = (data.now - data.ts) / DAY
            weight = weight * np.exp(-math.log(2) * age_days / self.half_life_days)
        counts = np.bincount(data.item, weights=weight, minlength=data.n_items)
        self.counts = counts.astype(np.float32)
        self.categories = data.categories

    def update(
        self, old: InteractionData, new: InteractionData, users: np.ndarray, sessions: np.ndarray
    ) -> str:
        self.fit(new)  # one weighted bincount: as cheap as any update
        return "incremental"

    def _scores(self, request: RecRequest) -> np.ndarray | None:
        if not self.counts.any():
            return None
        top = float(self.counts.max())
        scores = self.counts / top
        cats = {int(self.categories[a]) for a in request.anchors} - {-1}
        if not cats or self.category_share <= 0:
            return scores
        in_category = np.isin(self.categories, list(cats))
        local = np.where(in_category, self.counts, 0.0)
        local_top = float(local.max())
        if local_top <= 0:
            return scores
        share = self.category_share
        return ((1 - share) * scores + share * local / local_top).astype(np.float32)
