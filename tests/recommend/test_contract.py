"""One contract every recommender keeps (as `implicit` tests all its models with one suite)."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import numpy as np
import pytest

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
from tests.support.behaviour import IDS, shop_data

MODELS: dict[str, Callable[[], Recommender]] = {
    "popularity": Popularity,
    "co_viewed": CoOccurrence,
    "bought_together": lambda: CoOccurrence(
        name="bought_together", kinds=(EventType.ADD_TO_CART, EventType.PURCHASE)
    ),
    "transitions": Transitions,
    "collaborative": lambda: Collaborative(factors=8, iterations=5),
    "content": ContentSimilarity,
}


@pytest.fixture(scope="module")
def data() -> InteractionData:
    data = shop_data()
    rng = np.random.default_rng(3)
    data.vectors = rng.normal(size=(data.n_items, 16)).astype(np.float32)
    return data


def requests(data: InteractionData) -> list[RecRequest]:
    item = data.item_index["4"]
    return [
        RecRequest(RequestKind.SIMILAR, (item,)),
        RecRequest(RequestKind.BOUGHT_TOGETHER, (item,)),
        RecRequest(RequestKind.FOR_USER, tuple(data.history("u3")[-5:]), data.user_index["u3"]),
        RecRequest(RequestKind.FOR_SESSION, (item, data.item_index["8"])),
    ]


@pytest.fixture(params=sorted(MODELS))
def name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def model(name: str, data: InteractionData) -> Recommender:
    return MODELS[name]().fit(data)


def test_scores_cover_every_item_and_are_finite_and_non_negative(
    model: Recommender, data: InteractionData
) -> None:
    answered = 0
    for request in requests(data):
        scores = model.scores(request)
        if scores is None:
            continue
        answered += 1
        assert scores.shape == (data.n_items,)
        assert scores.dtype == np.float32
        assert np.isfinite(scores).all() and (scores >= 0).all() and scores.any()
    assert answered >= 1, f"{model.name} answered no request"


def test_fitting_twice_gives_the_same_scores(
    name: str, model: Recommender, data: InteractionData
) -> None:
    again = MODELS[name]().fit(data)
    for request in requests(data):
        first, second = model.scores(request), again.scores(request)
        assert (first is None) == (second is None)
        if first is not None and second is not None:
            np.testing.assert_allclose(first, second, rtol=1e-5, atol=1e-6)


def test_a_pickled_model_scores_the_same(model: Recommender, data: InteractionData) -> None:
    restored = pickle.loads(pickle.dumps(model))
    for request in requests(data):
        first, second = model.scores(request), restored.scores(request)
        if first is not None and second is not None:
            np.testing.assert_array_equal(first, second)


def test_anchors_outside_the_item_space_are_ignored(model: Recommender) -> None:
    model.scores(RecRequest(RequestKind.SIMILAR, (-1, 10**6)))  # must not raise


def test_an_unfitted_or_empty_model_has_no_opinion(name: str) -> None:
    empty = InteractionData.from_events([], catalog=IDS)
    fitted = MODELS[name]().fit(empty)
    for kind in RequestKind:
        assert fitted.scores(RecRequest(kind, (0,))) is None
    assert MODELS[name]().scores(RecRequest(RequestKind.SIMILAR, (0,))) is None


def test_update_matches_a_full_refit(name: str, data: InteractionData) -> None:
    """Every model can move from old events to old + new ones; count-based models exactly."""
    from souk.recommend.data import extended
    from tests.support.behaviour import shop_events

    events = shop_events(150)
    cut = len(events) * 3 // 4
    old = InteractionData.from_events(events[:cut], IDS, {})
    old.vectors = data.vectors
    grown = extended(old, events[cut:])
    assert grown is not None
    new, users, sessions = grown
    updated = MODELS[name]().fit(old)
    mode = updated.update(old, new, users, sessions)
    refit = MODELS[name]().fit(new)
    for request in requests(new):
        first, second = updated.scores(request), refit.scores(request)
        if name == "collaborative":  # item factors wait for the next full training
            assert mode == "incremental" and first is not None
            continue
        assert (first is None) == (second is None)
        if first is not None and second is not None:
            np.testing.assert_allclose(first, second, rtol=1e-4, atol=1e-5)


def test_a_new_product_in_the_events_needs_a_full_training() -> None:
    from souk.events.model import Event
    from souk.recommend.data import extended

    old = InteractionData.from_events([], IDS, {})
    assert extended(old, [Event(EventType.VIEW, "s", 1.0, product_id="brand-new")]) is None
