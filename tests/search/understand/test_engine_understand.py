"""`understand: true` end to end: the vocabulary read from a real index, filters applied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from souk.demo.products import generate_products
from souk.demo.settings import DEMO_SETTINGS
from souk.engine import Engine
from souk.errors import SoukError
from souk.search.understand import vocabulary_of
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    root = tmp_path_factory.mktemp("understand")
    with Engine(make_settings(root)) as engine:
        settings = {**DEMO_SETTINGS, "embedders": {}}
        engine.wait_for_task(engine.create_index("shop", "id", settings).uid)
        done = engine.wait_for_task(engine.add_documents("shop", list(generate_products(800))).uid)
        assert done.status.value == "succeeded", done.error
        yield engine


def test_vocabulary_comes_from_the_index(shop: Engine) -> None:
    vocabulary = vocabulary_of(shop.runtime("shop"))
    assert "red" in vocabulary.values["color"]
    assert "Running Shoes" in vocabulary.values["subcategory"]
    assert {"price", "rating"} <= vocabulary.numeric
    assert "price" in vocabulary.sortable
    assert vocabulary_of(shop.runtime("shop")) is vocabulary, "cached until the index changes"


def test_english_query_becomes_filters(shop: Engine) -> None:
    result = shop.search("shop", {"q": "red running shoes under $80", "understand": True})
    hits = result["hits"]
    assert hits, "the demo has red running shoes under 80"
    assert all(
        h["color"] == "red" and h["price"] < 80 and h["subcategory"] == "Running Shoes"
        for h in hits
    )
    assert result["query"] == "red running shoes under $80"
    understanding = result["understanding"]
    assert understanding["query"] == "running shoes"
    assert {f["filter"] for f in understanding["filters"]} == {
        "price < 80",
        'color = "red"',
        'subcategory = "Running Shoes"',
    }


def test_chinese_query_with_sort_and_the_callers_filter(shop: Engine) -> None:
    result = shop.search(
        "shop",
        {"q": "最便宜的红色连衣裙", "understand": True, "filter": "in_stock = true", "limit": 50},
    )
    hits = result["hits"]
    assert hits
    assert all(h["color"] == "red" and h["subcategory"] == "Dresses" for h in hits)
    assert all(h["in_stock"] for h in hits), "the caller's filter still applies"
    prices = [h["price"] for h in hits]
    assert prices == sorted(prices)
    assert result["understanding"]["sort"][0]["sort"] == "price:asc"


def test_callers_sort_wins_and_off_by_default(shop: Engine) -> None:
    result = shop.search(
        "shop", {"q": "cheapest dresses", "understand": True, "sort": ["price:desc"]}
    )
    prices = [h["price"] for h in result["hits"]]
    assert prices == sorted(prices, reverse=True)
    plain = shop.search("shop", {"q": "red dress under $50"})
    assert "understanding" not in plain


def test_bad_understand_value(shop: Engine) -> None:
    with pytest.raises(SoukError) as caught:
        shop.search("shop", {"q": "x", "understand": "yes please"})
    assert caught.value.code == "invalid_search_understand"
