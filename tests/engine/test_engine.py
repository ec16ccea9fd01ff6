"""The engine end to end on a small generated demo catalog (keyword side; no model needed)."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from souk.demo.products import generate_products
from souk.demo.settings import DEMO_SETTINGS
from souk.engine import Engine
from souk.errors import SoukError
from souk.retrieval.filter_eval import evaluate
from souk.retrieval.filters import parse_filter
from tests.conftest import make_settings

CATALOG_SIZE = 1500
KEYWORD_SETTINGS = {**DEMO_SETTINGS, "embedders": {}}


@pytest.fixture(scope="module")
def products() -> list[dict[str, Any]]:
    return list(generate_products(CATALOG_SIZE, seed=7))


@pytest.fixture(scope="module")
def shop(
    tmp_path_factory: pytest.TempPathFactory, products: list[dict[str, Any]]
) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("shop")
    path = root / "products.ndjson.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for product in products:
            handle.write(json.dumps(product, ensure_ascii=False) + "\n")
    with Engine(make_settings(root)) as engine:
        engine.wait_for_task(engine.create_index("shop", "id", KEYWORD_SETTINGS).uid)
        tasks = engine.ingest_file("shop", path, batch_size=500)
        assert len(tasks) == 3
        for task in tasks:
            assert engine.wait_for_task(task.uid).status.value == "succeeded"
        yield engine


def all_hits(engine: Engine, **params: Any) -> list[dict[str, Any]]:
    first = engine.search("shop", params, limit=0)
    total = first["estimatedTotalHits"]
    return engine.search("shop", params, limit=max(total, 1))["hits"]


def test_typo_filter_and_facets(shop: Engine, products: list[dict[str, Any]]) -> None:
    result = shop.search(
        "shop", q="red runing shoes", filter="price < 80", facets=["brand", "color"]
    )
    top = result["hits"][:3]
    assert top, "expected red running shoes"
    for hit in top:
        assert hit["subcategory"] == "Running Shoes" and hit["color"] == "red"
        assert hit["price"] < 80
    everything = all_hits(shop, q="red runing shoes", filter="price < 80")
    assert len(everything) == result["estimatedTotalHits"]
    assert all(h["price"] < 80 for h in everything)
    for attribute in ("brand", "color"):
        brute = Counter(str(h[attribute]) for h in everything if attribute in h)
        assert result["facetDistribution"][attribute] == dict(sorted(brute.items()))


def test_placeholder_facets_match_brute_force(shop: Engine, products: list[dict[str, Any]]) -> None:
    expression = "category = Shoes AND (color = red OR color = blue) AND price 30 TO 120"
    result = shop.search("shop", filter=expression, facets=["color", "price"], limit=5)
    node = parse_filter(expression)
    assert node is not None
    expected = [p for p in products if evaluate(node, p)]
    assert result["estimatedTotalHits"] == len(expected)
    assert result["facetDistribution"]["color"] == dict(
        sorted(Counter(p["color"] for p in expected).items())
    )
    prices = [p["price"] for p in expected]
    assert result["facetStats"]["price"] == {"min": min(prices), "max": max(prices)}


def test_chinese_query_finds_red_dresses(shop: Engine) -> None:
    hits = shop.search("shop", q="红色 连衣裙", limit=10)["hits"]
    both = [("红色" in h["title"] and "连衣裙" in h["title"]) for h in hits]
    assert both[0], "a Chinese red dress ranks first"
    assert both == sorted(both, reverse=True), "documents matching both words come first"
    for hit in hits[: sum(both)]:
        assert hit["subcategory"] == "Dresses" and hit["color"] == "red"


def test_prefix_of_last_word(shop: Engine) -> None:
    hits = shop.search("shop", q="running sho", limit=5)["hits"]
    assert hits and all("shoe" in h["title"].lower() for h in hits)


def test_matching_strategy_all_vs_last(shop: Engine) -> None:
    last = shop.search("shop", q="red running zzzzqqq", limit=3)
    strict = shop.search("shop", q="red running zzzzqqq", matchingStrategy="all", limit=3)
    assert last["estimatedTotalHits"] > 0
    assert strict["estimatedTotalHits"] == 0


def test_sort_and_pagination(shop: Engine, products: list[dict[str, Any]]) -> None:
    page = shop.search(
        "shop", filter="category = Electronics", sort=["price:asc"], hitsPerPage=7, page=2
    )
    electronics = sorted(p["price"] for p in products if p["category"] == "Electronics")
    assert [h["price"] for h in page["hits"]] == electronics[7:14]
    assert page["totalHits"] == len(electronics)
    assert page["totalPages"] == (len(electronics) + 6) // 7
    desc = shop.search("shop", q="shoes", sort=["rating:desc", "price:asc"], limit=30)["hits"]
    keys = [(-h["rating"], h["price"]) for h in desc]
    # Sort applies inside each relevance bucket; "shoes" is one word so there is one bucket.
    assert keys == sorted(keys)


def test_unknown_sort_and_filter_errors(shop: Engine) -> None:
    with pytest.raises(SoukError) as error:
        shop.search("shop", sort=["stock:asc"])
    assert error.value.code == "invalid_search_sort"
    with pytest.raises(SoukError) as error:
        shop.search("shop", filter="price >")
    assert error.value.code == "invalid_search_filter"
    with pytest.raises(SoukError) as error:
        shop.search("shop", filter="stock > 3")
    assert error.value.code == "invalid_search_filter" and "not filterable" in error.value.message
    with pytest.raises(SoukError) as error:
        shop.search("shop", facets=["stock"])
    assert error.value.code == "invalid_search_facets"


def test_synonyms_and_highlight(shop: Engine) -> None:
    result = shop.search("shop", q="sneakers", limit=5, attributesToHighlight=["title"])
    assert result["hits"], "synonym sneakers → running shoes"
    assert any("<em>" in h["_formatted"]["title"] for h in result["hits"])


def test_distinct_and_attributes_to_retrieve(shop: Engine) -> None:
    hits = shop.search(
        "shop", q="shoes", distinct="brand", limit=10, attributesToRetrieve=["id", "brand"]
    )["hits"]
    brands = [h["brand"] for h in hits]
    assert len(brands) == len(set(brands))
    assert all(set(h) == {"id", "brand"} for h in hits)


def test_failed_batch_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.ndjson"
    lines = [json.dumps({"id": i, "title": f"item {i}"}) for i in range(1, 5)]
    lines.insert(2, json.dumps({"id": "bad id!", "title": "x"}))
    path.write_text("\n".join(lines) + "\n")
    with Engine(make_settings(tmp_path)) as engine:
        engine.wait_for_task(engine.create_index("items", "id", {"embedders": {}}).uid)
        good = engine.add_documents("items", [{"id": 100, "title": "kept"}])
        engine.wait_for_task(good.uid)
        tasks = engine.ingest_file("items", path, batch_size=10)
        failed = engine.wait_for_task(tasks[0].uid)
        assert failed.status.value == "failed"
        assert failed.error is not None
        assert failed.error["code"] == "invalid_document_id"
        assert "bad.ndjson line 3" in failed.error["message"]
        assert "`id`" in failed.error["message"]
        assert engine.store.count_documents("items") == 1
        assert engine.search("items", q="item")["estimatedTotalHits"] == 0

        broken = tmp_path / "broken.ndjson"
        broken.write_text('{"id": 1, "title": "a"}\n{"id": 2, "title": \n')
        tasks = engine.ingest_file("items", broken)
        done = engine.wait_for_task(tasks[-1].uid)
        assert done.status.value == "failed" and "line 2" in done.error["message"]  # type: ignore[index]
        assert engine.store.count_documents("items") == 1


def test_partial_update_and_deletes(tmp_path: Path) -> None:
    with Engine(make_settings(tmp_path)) as engine:
        settings = {"embedders": {}, "filterableAttributes": ["color"]}
        engine.wait_for_task(engine.create_index("items", None, settings).uid)
        docs = [
            {"sku_id": f"s{i}", "title": f"mug {i}", "color": "red" if i % 2 else "blue"}
            for i in range(10)
        ]
        engine.wait_for_task(engine.add_documents("items", docs).uid)
        assert engine.get_index("items").primary_key == "sku_id"
        engine.wait_for_task(
            engine.add_documents("items", [{"sku_id": "s1", "color": "green"}], update=True).uid
        )
        assert engine.get_document("items", "s1") == {
            "sku_id": "s1",
            "title": "mug 1",
            "color": "green",
        }
        assert engine.search("items", filter="color = green")["estimatedTotalHits"] == 1
        done = engine.wait_for_task(engine.delete_by_filter("items", "color = blue").uid)
        assert done.details["deletedDocuments"] == 5
        done = engine.wait_for_task(engine.delete_documents("items", ["s3", "nope"]).uid)
        assert done.details["deletedDocuments"] == 1
        assert engine.search("items", q="mug")["estimatedTotalHits"] == 4
        engine.wait_for_task(engine.delete_all_documents("items").uid)
        assert engine.search("items")["estimatedTotalHits"] == 0


def test_settings_change_rebuilds_and_reindex(tmp_path: Path) -> None:
    with Engine(make_settings(tmp_path)) as engine:
        engine.wait_for_task(engine.create_index("items", "id", {"embedders": {}}).uid)
        engine.wait_for_task(
            engine.add_documents(
                "items",
                [
                    {"id": 1, "title": "lamp", "room": "kitchen"},
                    {"id": 2, "title": "chair", "room": "garden"},
                ],
            ).uid
        )
        with pytest.raises(SoukError):
            engine.search("items", filter="room = kitchen")
        done = engine.wait_for_task(
            engine.update_settings("items", {"filterableAttributes": ["room"]}).uid
        )
        assert done.status.value == "succeeded"
        assert engine.search("items", filter="room = kitchen")["hits"][0]["id"] == 1
        assert engine.wait_for_task(engine.reindex("items").uid).status.value == "succeeded"
        assert engine.search("items", q="chair")["hits"][0]["id"] == 2
        bad = engine.wait_for_task(engine.update_settings("items", {"stopWords": ["the"]}).uid)
        assert bad.status.value == "succeeded"
        with pytest.raises(SoukError) as error:
            engine.update_settings("items", {"filterableAttributes": "room"})
        assert error.value.code == "invalid_settings_filterable_attributes"


def test_derived_index_catches_up_and_recovers_from_corruption(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with Engine(settings) as engine:
        engine.wait_for_task(engine.create_index("items", "id", {"embedders": {}}).uid)
        engine.wait_for_task(engine.add_documents("items", [{"id": 1, "title": "lamp"}]).uid)
    # A write the derived index never saw (as after a crash between commit and index update).
    with Engine(settings) as engine:
        task = engine.add_documents("items", [{"id": 2, "title": "desk lamp"}])
        engine.runtimes.writer_lock.acquire()
        engine.worker.run_task(engine.store.next_enqueued(1)[0])
        engine.runtimes.forget_all()  # forget the open index without committing it
    with Engine(settings) as engine:
        assert engine.get_task(task.uid).status.value == "succeeded"
        assert engine.search("items", q="lamp")["estimatedTotalHits"] == 2
    lexical = settings.data_dir / "indexes" / "items" / "lexical"
    for meta in lexical.glob("meta.json"):
        meta.write_text("{not json")
    with Engine(settings) as engine:
        assert engine.search("items", q="lamp")["estimatedTotalHits"] == 2


def test_a_reader_process_sees_the_writers_new_documents(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with Engine(settings) as writer, Engine(settings) as reader:
        writer.wait_for_task(writer.create_index("items", "id", {"embedders": {}}).uid)
        writer.wait_for_task(writer.add_documents("items", [{"id": 1, "title": "lamp"}]).uid)
        assert reader.search("items", q="lamp")["estimatedTotalHits"] == 1
        assert not reader.runtime("items").writable
        writer.wait_for_task(writer.add_documents("items", [{"id": 2, "title": "lamp"}]).uid)
        assert reader.search("items", q="lamp")["estimatedTotalHits"] == 2
