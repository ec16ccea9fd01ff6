"""Vectors a document carries are checked by the userProvided embedder's own rules."""

from __future__ import annotations

import pytest

from souk.engine import Engine

USER_VECTORS = {"default": {"source": "userProvided", "dimensions": 3}}


@pytest.fixture
def shop(engine: Engine) -> Engine:
    engine.wait_for_task(
        engine.create_index("shop", "id", settings={"embedders": USER_VECTORS}).uid
    )
    return engine


@pytest.mark.parametrize(
    ("vector", "code", "words"),
    [
        ([0, 0, 0], "invalid_vectors", "all zeros"),
        ([1, 2], "invalid_vector_dimensions", "3 numbers, got 2"),
        (["a", "b", "c"], "invalid_vectors", "array of numbers"),
        ([1, float("nan"), 2], "invalid_vectors", "array of numbers"),  # NaN is stored as null
        ("1,2,3", "invalid_vectors", "not a string"),
    ],
)
def test_a_bad_vector_fails_its_task_and_changes_nothing(
    shop: Engine, vector: object, code: str, words: str
) -> None:
    docs = [
        {"id": "ok", "_vectors": {"default": [1, 0, 0]}},
        {"id": "bad", "_vectors": {"default": vector}},
    ]
    task = shop.wait_for_task(shop.add_documents("shop", docs).uid)
    assert task.status.value == "failed"
    assert task.error is not None and task.error["code"] == code
    assert words in task.error["message"] and "_vectors.default" in task.error["message"]
    assert shop.store.count_documents("shop") == 0


def test_good_vectors_are_stored_unit_length(shop: Engine) -> None:
    docs = [{"id": "a", "_vectors": {"default": {"embeddings": [[3, 0, 4]]}}}]
    assert shop.wait_for_task(shop.add_documents("shop", docs).uid).status.value == "succeeded"
    stored = shop.runtime("shop").vectors["default"]
    assert [round(float(x), 3) for x in stored.get(int(stored.ids()[0]))] == [0.6, 0.0, 0.8]
