"""Combines the models per request type: each model's scores scaled to [0, 1], then weighted.

The item whose blended score is highest wins; its ``reason`` is the model that contributed most
to it. Anchor items (and whatever the caller excludes, e.g. a shopper's history) never come back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from souk.events.model import EventType
from souk.recommend.base import Recommender, RecRequest, RequestKind
from souk.recommend.data import InteractionData
from souk.recommend.models import (
    Collaborative,
    ContentSimilarity,
    CoOccurrence,
    Popularity,
    Transitions,
)

# Tuned on the Beauty validation items for for-user (`souk eval recs --split valid`); the other
# request types follow the same scale (docs/recommendations.md explains each choice).
DEFAULT_WEIGHTS: dict[RequestKind, dict[str, float]] = {
    RequestKind.SIMILAR: {
        "content": 1.0,
        "co_viewed": 0.6,
        "collaborative": 0.3,
        "popularity": 0.02,
    },
    RequestKind.BOUGHT_TOGETHER: {
        "bought_together": 1.0,
        "co_viewed": 0.3,
        "transitions": 0.2,
        "popularity": 0.02,
    },
    RequestKind.FOR_USER: {
        "transitions": 1.0,
        "collaborative": 0.2,
        "co_viewed": 0.1,
        "popularity": 0.01,
    },
    RequestKind.FOR_SESSION: {
        "transitions": 1.0,
        "co_viewed": 0.5,
        "collaborative": 0.2,
        "popularity": 0.01,
    },
}


def default_models(*, threads: int = 1) -> list[Recommender]:
    return [
        Popularity(),
        CoOccurrence(name="co_viewed", reason="Often viewed together"),
        CoOccurrence(
            name="bought_together",
            reason="Frequently bought together",
            kinds=(EventType.ADD_TO_CART, EventType.PURCHASE),
        ),
        Transitions(),
        Collaborative(threads=threads),
        ContentSimilarity(),
    ]


@dataclass(frozen=True)
class Recommendation:
    item: int
    score: float
    model: str
    reason: str


class Blender:
    """Blends every recommender's candidates for a request into one ranked list with reasons."""

    def __init__(
        self,
        models: Sequence[Recommender],
        weights: Mapping[RequestKind, Mapping[str, float]] | None = None,
    ) -> None:
        self.models = {model.name: model for model in models}
        self.weights = {
            kind: dict(w)
            for kind, w in (weights if weights is not None else DEFAULT_WEIGHTS).items()
        }

    def fit(self, data: InteractionData) -> Blender:
        for model in self.models.values():
            model.fit(data)
        return self

    def blend(self, request: RecRequest) -> tuple[np.ndarray, list[str], np.ndarray] | None:
        """(total scores, model names, per-model weighted contributions) or None."""
        names, parts = [], []
        for name, weight in self.weights.get(request.kind, {}).items():
            model = self.models.get(name)
            if model is None or weight <= 0:
                continue
            scores = model.scores(request)
            if scores is None:
                continue
            names.append(name)
            parts.append(scores * (weight / float(scores.max())))
        if not parts:
            return None
        contributions = np.vstack(parts)
        return contributions.sum(axis=0), names, contributions

    def recommend(
        self,
        request: RecRequest,
        *,
        exclude: Sequence[int] | np.ndarray = (),
        limit: int | None = None,
    ) -> list[Recommendation]:
        """Items by blended score (only those some model scored), best first."""
        blended = self.blend(request)
        if blended is None:
            return []
        total, names, contributions = blended
        total = total.copy()
        banned = np.asarray([*request.anchors, *exclude], np.int64)
        if len(banned):
            total[banned[(banned >= 0) & (banned < len(total))]] = 0.0
        candidates = np.flatnonzero(total > 0)
        if limit is not None and len(candidates) > limit:
            top = np.argpartition(-total[candidates], limit - 1)[:limit]
            candidates = candidates[top]
        order = candidates[np.lexsort((candidates, -total[candidates]))]
        best_model = contributions[:, order].argmax(axis=0) if len(order) else []
        return [
            Recommendation(
                int(item),
                float(total[item]),
                names[int(m)],
                self.models[names[int(m)]].reason,
            )
            for item, m in zip(order, best_model, strict=True)
        ]
