"""The one interface every recommender implements (checked by one contract test suite).

A model is fitted on :class:`InteractionData` and then scores every item for a request: the
anchor items (the product being viewed, or a shopper's recent items, most recent last) and,
when known, the shopper. Scores are non-negative; 0 means "no opinion", so a blender can tell a
model that knows nothing about a request from one that ranks an item last.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

import numpy as np

from souk.recommend.data import InteractionData


class RequestKind(StrEnum):
    SIMILAR = "similar"
    BOUGHT_TOGETHER = "bought-together"
    FOR_USER = "for-user"
    FOR_SESSION = "for-session"


@dataclass(frozen=True)
class RecRequest:
    kind: RequestKind
    anchors: tuple[int, ...] = ()  # item indexes, most recent last
    user: int | None = None  # index into InteractionData.users


class Recommender(ABC):
    """Fit once, score many requests; every score array has one entry per item."""

    name: ClassVar[str]
    reason: ClassVar[str]  # shown to shoppers: why an item was recommended

    def __init__(self) -> None:
        self.n_items = 0

    def fit(self, data: InteractionData) -> Recommender:
        self.n_items = data.n_items
        self._fit(data)
        return self

    @abstractmethod
    def _fit(self, data: InteractionData) -> None: ...

    def update(
        self,
        old: InteractionData,
        new: InteractionData,
        users: np.ndarray,
        sessions: np.ndarray,
    ) -> str:
        """Bring the model from ``old`` to ``new`` (same items, more events by ``users`` in
        ``sessions``). Models that can do it cheaply override this; the default refits.
        Returns ``incremental`` or ``full``."""
        self.fit(new)
        return "full"

    def scores(self, request: RecRequest) -> np.ndarray | None:
        """Non-negative float32 scores over all items, or None when the model cannot help."""
        if self.n_items == 0:
            return None
        anchors = tuple(a for a in request.anchors if 0 <= a < self.n_items)
        scores = self._scores(RecRequest(request.kind, anchors, request.user))
        if scores is None:
            return None
        scores = np.nan_to_num(np.asarray(scores, np.float32), nan=0.0, posinf=0.0)
        np.maximum(scores, 0.0, out=scores)
        return scores if scores.any() else None

    @abstractmethod
    def _scores(self, request: RecRequest) -> np.ndarray | None: ...


def recency_weights(count: int, decay: float) -> np.ndarray:
    """Weights for the last ``count`` anchors: 1 for the newest, ``decay``^k for older ones."""
    return (decay ** np.arange(count - 1, -1, -1)).astype(np.float32)
