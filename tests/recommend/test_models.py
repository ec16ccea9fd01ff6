"""What each model is for, on behaviour whose right answers are known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from souk.events.model import Event, EventType
from souk.recommend.base import RecRequest, RequestKind
from souk.recommend.blender import Blender, default_models
from souk.recommend.data import InteractionData
from souk.recommend.models import (
    Collaborative,
    ContentSimilarity,
    CoOccurrence,
    Popularity,
    Transitions,
)
from souk.recommend.models.cooccurrence import log_likelihood_ratio
from tests.support.behaviour import CATEGORY_OF, IDS, PARTNER, shop_data


@pytest.fixture(scope="module")
def data() -> InteractionData:
    return shop_data()


@pytest.fixture(scope="module")
def blender(data: InteractionData) -> Blender:
    return Blender(default_models()).fit(data)


def top(
    blender: Blender, data: InteractionData, kind: RequestKind, *products: str, n: int = 3
) -> list[str]:
    request = RecRequest(kind, tuple(data.item_index[p] for p in products))
    return [data.items[r.item] for r in blender.recommend(request, limit=n)]


def test_bought_together_finds_the_true_complement(blender: Blender, data: InteractionData) -> None:
    found = sum(PARTNER[p] in top(blender, data, RequestKind.BOUGHT_TOGETHER, p) for p in IDS)
    assert found >= 0.8 * len(IDS)


def test_similar_stays_in_the_category(blender: Blender, data: InteractionData) -> None:
    same = [
        CATEGORY_OF[q] == CATEGORY_OF[p]
        for p in IDS
        for q in top(blender, data, RequestKind.SIMILAR, p, n=5)
    ]
    assert sum(same) >= 0.9 * len(same)


def test_recommendations_carry_the_model_that_chose_them(
    blender: Blender, data: InteractionData
) -> None:
    recs = blender.recommend(
        RecRequest(RequestKind.BOUGHT_TOGETHER, (data.item_index["4"],)), limit=5
    )
    assert recs[0].model == "bought_together" and recs[0].reason == "Frequently bought together"
    assert all(r.item != data.item_index["4"] for r in recs)  # never the anchor itself
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)


def test_exclusions_are_honoured(blender: Blender, data: InteractionData) -> None:
    request = RecRequest(RequestKind.SIMILAR, (data.item_index["4"],))
    first = blender.recommend(request, limit=1)[0].item
    assert first not in [r.item for r in blender.recommend(request, exclude=[first], limit=5)]


def test_llr_matches_the_textbook_formula() -> None:
    # 2x2 table: together 10, only a 5, only b 5, neither 80 (N = 100)
    k = np.array([[10.0, 5.0], [5.0, 80.0]])
    expected = 2 * sum(
        k[i, j] * math.log(k[i, j] * k.sum() / (k[i].sum() * k[:, j].sum()))
        for i in range(2)
        for j in range(2)
    )
    got = log_likelihood_ratio(np.array([10.0]), np.array([15.0]), np.array([15.0]), 100.0)
    assert got[0] == pytest.approx(expected)
    # pairs that meet less often than chance are not "together"
    assert log_likelihood_ratio(np.array([1.0]), np.array([50.0]), np.array([50.0]), 100.0)[0] == 0


def test_significance_beats_raw_counts() -> None:
    """A best-seller bought with everything is less 'together' than a pair always bought as one."""
    baskets = [["hit", "a", "b"]] * 20 + [["hit", f"x{n}"] for n in range(40)] + [["hit"]] * 30
    events = [
        Event(EventType.PURCHASE, f"s{n}", float(n), product_id=item)
        for n, basket in enumerate(baskets)
        for item in basket
    ]
    model = CoOccurrence(kinds=(EventType.PURCHASE,)).fit(InteractionData.from_events(events))
    data = InteractionData.from_events(events)
    scores = model.scores(RecRequest(RequestKind.BOUGHT_TOGETHER, (data.item_index["a"],)))
    assert scores is not None
    assert scores[data.item_index["b"]] > scores[data.item_index["hit"]]


def test_transitions_predict_the_next_step() -> None:
    sequences = {f"u{n}": ["a", "b", "c", "d"] for n in range(10)}
    data = InteractionData.from_sequences(sequences)
    model = Transitions().fit(data)
    scores = model.scores(RecRequest(RequestKind.FOR_SESSION, (data.item_index["b"],)))
    assert scores is not None
    assert int(np.argmax(scores)) == data.item_index["c"]


def test_popularity_decays_with_age_and_favours_the_anchor_category() -> None:
    day = 86_400.0
    events = [Event(EventType.PURCHASE, "s", 0.0, product_id="old") for _ in range(4)] + [
        Event(EventType.PURCHASE, "s", 60 * day, product_id="new") for _ in range(2)
    ]
    data = InteractionData.from_events(events, categories={"old": "x", "new": "y"})
    model = Popularity(half_life_days=14).fit(data)
    scores = model.scores(RecRequest(RequestKind.FOR_USER))
    assert scores is not None and scores[data.item_index["new"]] > scores[data.item_index["old"]]
    in_x = model.scores(RecRequest(RequestKind.SIMILAR, (data.item_index["old"],)))
    assert in_x is not None and in_x[data.item_index["old"]] > in_x[data.item_index["new"]]


def test_collaborative_folds_in_a_new_session(data: InteractionData) -> None:
    model = Collaborative(factors=16, iterations=10).fit(data)
    shoes = [data.item_index[p] for p in IDS if CATEGORY_OF[p] == "shoes"][:3]
    scores = model.scores(RecRequest(RequestKind.FOR_SESSION, tuple(shoes)))
    assert scores is not None
    best = [data.items[i] for i in np.argsort(-scores) if i not in shoes][:5]
    assert sum(CATEGORY_OF[p] == "shoes" for p in best) >= 3


def test_content_similarity_needs_no_behaviour() -> None:
    data = InteractionData.from_events([], catalog=["a", "b", "c"])
    data.vectors = np.array([[1, 0], [0.9, 0.1], [0, 1]], np.float32)
    scores = ContentSimilarity().fit(data).scores(RecRequest(RequestKind.SIMILAR, (0,)))
    assert scores is not None and scores[1] > scores[2]


def test_sequences_collapse_repeats_and_keep_time_order() -> None:
    events = [
        Event(EventType.VIEW, "s", 3.0, product_id="c"),
        Event(EventType.VIEW, "s", 1.0, product_id="a"),
        Event(EventType.CLICK, "s", 2.0, product_id="a"),
    ]
    data = InteractionData.from_events(events)
    assert [[data.items[i] for i in seq] for seq in data.sequences(by="session")] == [["a", "c"]]
