"""Search behaviour on small hand-made catalogs: language, synonyms, stop words, facets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from souk.engine import Engine
from tests.conftest import make_settings

DOCS: list[dict[str, Any]] = [
    {"id": 1, "title": "中国农业发展银行 纪念币", "brand": "Acme", "color": "Gold", "price": 30},
    {"id": 2, "title": "Trail running shoes", "brand": "Acme", "color": "Red", "price": 70},
    {
        "id": 3,
        "title": "Leather boots for the winter",
        "brand": "Borealis",
        "color": "red",
        "price": 120,
    },
    {"id": 4, "title": "Canvas sneakers", "brand": "Borealis", "color": "Blue", "price": 45},
    {"id": 5, "title": "Espresso machine", "brand": "Cafeto", "color": "Black", "price": 300},
    {
        "id": 6,
        "title": "Coffee maker with grinder",
        "brand": "Cafeto",
        "color": "black",
        "price": 150,
    },
    {"id": 7, "title": "The winter jacket", "brand": "Borealis", "color": "Blue", "price": 200},
]


def build(root: Path, settings: dict[str, Any], url: str = "") -> Engine:
    engine = Engine(make_settings(root, url))
    engine.wait_for_task(engine.create_index("t", "id", {"embedders": {}, **settings}).uid)
    done = engine.wait_for_task(engine.add_documents("t", DOCS).uid)
    assert done.status.value == "succeeded", done.error
    return engine


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Engine]:
    engine = build(
        tmp_path,
        {
            "filterableAttributes": ["brand", "color", "price"],
            "synonyms": {
                "trainers": ["sneakers"],
                "coffee maker": ["espresso machine"],
                "espresso machine": ["coffee maker"],
            },
            "stopWords": ["the", "for"],
        },
    )
    yield engine
    engine.close()


def ids(result: dict[str, Any]) -> list[int]:
    return [h["id"] for h in result["hits"]]


def test_chinese_subword_matches_long_word(shop: Engine) -> None:
    assert ids(shop.search("t", q="农业")) == [1]
    assert ids(shop.search("t", q="银行 纪念币")) == [1]


def test_typos_respect_word_length(shop: Engine) -> None:
    assert ids(shop.search("t", q="leathr"))[:1] == [3]  # 6 letters: one typo allowed
    assert ids(shop.search("t", q="bots", matchingStrategy="all")) == []  # 4 letters: none


def test_synonyms_one_way_and_multi_way(shop: Engine) -> None:
    assert ids(shop.search("t", q="trainers")) == [4]  # one-way: trainers → sneakers
    found = set(ids(shop.search("t", q="coffee maker", matchingStrategy="all")))
    assert {5, 6} <= found  # …multi-word synonyms work both ways
    found = set(ids(shop.search("t", q="espresso machine", matchingStrategy="all")))
    assert {5, 6} <= found


def test_stop_words_are_ignored(shop: Engine) -> None:
    assert ids(shop.search("t", q="the winter", matchingStrategy="all"))[:2] in ([3, 7], [7, 3])
    assert shop.search("t", q="the", matchingStrategy="all")["hits"], "never drops every word"


def test_facets_group_case_and_count_the_whole_result(shop: Engine) -> None:
    result = shop.search("t", q="", facets=["color", "brand", "price"], limit=1)
    assert result["facetDistribution"]["color"] == {"Black": 2, "Blue": 2, "Gold": 1, "Red": 2}
    assert result["facetStats"]["price"] == {"min": 30.0, "max": 300.0}
    assert result["facetDistribution"]["brand"] == {"Acme": 2, "Borealis": 3, "Cafeto": 2}


def test_disjunctive_facets_for_multi_select(shop: Engine) -> None:
    conjunctive = shop.search("t", filter=["color = red"], facets=["color", "brand"])
    assert conjunctive["facetDistribution"]["color"] == {"Red": 2}
    disjunctive = shop.search(
        "t", filter=["color = red"], facets=["color", "brand"], facetsDisjunctive=True
    )
    # the colour counts ignore the colour selection; other facets keep it
    assert disjunctive["facetDistribution"]["color"]["Blue"] == 2
    assert disjunctive["facetDistribution"]["brand"] == {"Acme": 1, "Borealis": 1}


def test_exact_and_estimated_totals(shop: Engine) -> None:
    estimated = shop.search("t", filter="price > 40", limit=2)
    assert estimated["estimatedTotalHits"] == 6 and len(estimated["hits"]) == 2
    exact = shop.search("t", filter="price > 40", hitsPerPage=4, page=2)
    assert exact["totalHits"] == 6 and exact["totalPages"] == 2 and len(exact["hits"]) == 2


@pytest.mark.postgres
def test_engine_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    engine = build(tmp_path, {"filterableAttributes": ["color"]}, postgres_url)
    try:
        assert engine.store.is_sqlite is False
        assert ids(engine.search("t", q="runing shoes")) == [2]
        assert engine.search("t", filter="color = red")["estimatedTotalHits"] == 2
        engine.wait_for_task(engine.delete_documents("t", ["2"]).uid)
        assert engine.search("t", filter="color = red")["estimatedTotalHits"] == 1
    finally:
        engine.wait_for_task(engine.delete_index("t").uid)
        engine.close()


def test_attributes_to_search_on(shop: Engine) -> None:
    assert ids(shop.search("t", q="acme", attributesToSearchOn=["title"])) == []
    assert set(ids(shop.search("t", q="acme", attributesToSearchOn=["brand"]))) == {1, 2}
    from souk.errors import SoukError

    with pytest.raises(SoukError) as error:
        shop.search("t", q="acme", attributesToSearchOn=["nope"])
    assert error.value.code == "invalid_search_attributes_to_search_on"
