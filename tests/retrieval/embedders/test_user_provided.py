"""The userProvided embedder validates vectors instead of computing them."""

from __future__ import annotations

import numpy as np
import pytest

from souk.retrieval.embedders import EmbedderError, UserProvidedEmbedder


@pytest.fixture
def embedder() -> UserProvidedEmbedder:
    return UserProvidedEmbedder(3)


def test_validate_vector_normalises(embedder: UserProvidedEmbedder) -> None:
    vector = embedder.validate_vector([3, 0, 4])
    assert vector.dtype == np.float32
    np.testing.assert_allclose(vector, [0.6, 0.0, 0.8])
    np.testing.assert_allclose(embedder.validate_vector(np.array([0.0, 2.0, 0.0])), [0, 1, 0])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1.0, 2.0], "expected a vector of 3 numbers, got 2"),
        ([[1.0, 2.0, 3.0]], "shape"),
        ([1.0, float("nan"), 0.0], "finite"),
        ([1.0, float("inf"), 0.0], "finite"),
        ([0, 0, 0], "all zeros"),
        (["a", "b", "c"], "array of numbers"),
        ("abc", "not a string"),
        ([1.0, [2.0], 3.0], "array of numbers"),
        (None, "array of numbers"),
        ([True, False, True], "array of numbers"),
    ],
)
def test_validate_vector_rejects(
    embedder: UserProvidedEmbedder, value: object, message: str
) -> None:
    with pytest.raises(EmbedderError, match=message):
        embedder.validate_vector(value)


def test_no_model_calls(embedder: UserProvidedEmbedder) -> None:
    assert embedder.name == "userProvided"
    with pytest.raises(EmbedderError, match="takes vectors from documents' `_vectors` field"):
        embedder.embed_documents(["text"])
    with pytest.raises(EmbedderError, match="`vector`"):
        embedder.embed_query("text")


@pytest.mark.parametrize("dimensions", [0, -3, True, 2.5])
def test_dimensions_must_be_a_positive_integer(dimensions: object) -> None:
    with pytest.raises(EmbedderError):
        UserProvidedEmbedder(dimensions)  # type: ignore[arg-type]
