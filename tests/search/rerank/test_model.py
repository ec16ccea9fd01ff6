"""The shipped ranking models load, match this version's features and score sensibly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from souk.search.rerank.features import FEATURE_NAMES, DocumentProfile, QueryProfile, features
from souk.search.rerank.model import MODEL_KINDS, RankingModel, RankingModelError, shipped_model


def _row(query: str, title: str, rank: int, score: float) -> list[float]:
    return features(
        QueryProfile.of(query, lambda _term: 2.0),
        DocumentProfile.of(title),
        lexical_score=score,
        lexical_best=10.0,
        lexical_rank=rank,
        similarity=None,
        similarity_best=None,
        semantic_rank=None,
    )


@pytest.mark.parametrize("kind", MODEL_KINDS)
def test_shipped_models_load_with_the_current_features(kind: str) -> None:
    model = shipped_model(kind)
    assert tuple(model.booster.feature_name()) == FEATURE_NAMES
    assert model.predict(np.zeros((0, len(FEATURE_NAMES)))).shape == (0,)


def test_full_match_outranks_partial_match_at_equal_retrieval_signals() -> None:
    model = shipped_model("keyword")
    rows = np.array(
        [
            _row("cordless drill", "Ryobi Cordless Drill Kit", 1, 8.0),
            _row("cordless drill", "Ryobi Cordless Vacuum Kit", 1, 8.0),
        ]
    )
    full, partial = model.predict(rows)
    assert full > partial


def test_a_model_on_other_features_is_refused(tmp_path: Path) -> None:
    lightgbm = pytest.importorskip("lightgbm")
    data = lightgbm.Dataset(np.random.default_rng(1).random((40, 2)), label=[0, 1] * 20)
    booster = lightgbm.train({"objective": "binary", "verbose": -1}, data, num_boost_round=2)
    path = tmp_path / "other.txt"
    booster.save_model(str(path))
    with pytest.raises(RankingModelError, match="other features"):
        RankingModel.from_file(path)
    with pytest.raises(RankingModelError, match="unknown ranking model"):
        shipped_model("nope")
