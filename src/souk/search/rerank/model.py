"""The shipped ranking models: LightGBM lambdarank boosters stored as text in the package.

Two models ship: ``keyword`` (lexical features only, for keyword search) and ``hybrid`` (the
same features plus the semantic similarity and rank, for hybrid search). They are trained by
``souk eval train-ranker`` on a query-disjoint half of the Home Depot judgments (see
docs/relevance.md); any LightGBM text model trained on :data:`FEATURE_NAMES` can replace them.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from souk.errors import Code, SoukException
from souk.search.rerank.features import FEATURE_NAMES

MODEL_KINDS = ("keyword", "hybrid")
_predict_lock = threading.Lock()


class RankingModelError(SoukException, RuntimeError):
    error_code = Code.INVALID_RANKING_MODEL
    pass


class RankingModel:
    """A LightGBM booster over :data:`FEATURE_NAMES`; higher scores rank first."""

    def __init__(self, text: str, *, source: str) -> None:
        import lightgbm

        self.source = source
        self.booster = lightgbm.Booster(model_str=text)
        names = tuple(self.booster.feature_name())
        if names != FEATURE_NAMES:
            raise RankingModelError(
                f"ranking model {source} was trained on other features ({len(names)} named "
                f"{', '.join(names[:3])}, ...) than this version of souk computes"
            )

    @classmethod
    def from_file(cls, path: Path) -> RankingModel:
        return cls(path.read_text(encoding="utf-8"), source=str(path))

    def predict(self, matrix: np.ndarray) -> np.ndarray:
        if matrix.shape[0] == 0:
            return np.zeros(0, dtype=np.float64)
        # One prediction at a time: the booster's single thread is what we configured, and
        # concurrent calls into one booster gain nothing on a small machine.
        with _predict_lock:
            scores = self.booster.predict(matrix, num_threads=1)
        return np.asarray(scores, dtype=np.float64)


@lru_cache(maxsize=len(MODEL_KINDS))
def shipped_model(kind: str) -> RankingModel:
    """The model of ``kind`` that ships inside the package (loaded once per process)."""
    if kind not in MODEL_KINDS:
        raise RankingModelError(f"unknown ranking model {kind!r}; expected one of {MODEL_KINDS}")
    resource = resources.files("souk.search.rerank").joinpath("models", f"{kind}.txt")
    return RankingModel(resource.read_text(encoding="utf-8"), source=f"souk:{kind}")
