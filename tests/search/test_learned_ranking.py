"""The learned ranking model in the search pipeline: when it applies and what it changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from souk.engine import Engine
from souk.errors import SoukError
from souk.store.settings import DEFAULT_RANKING_RULES
from tests.conftest import make_settings

DOCS: list[dict[str, Any]] = [
    {"id": 1, "title": "Simpson Strong-Tie 12-Gauge Angle", "price": 4},
    {"id": 2, "title": "Everbilt L Bracket Corner Brace", "price": 3},
    {"id": 3, "title": "Angle Grinder 4-1/2 in. Corded", "price": 59},
    {"id": 4, "title": "Shelf Bracket White Steel", "price": 6},
    {"id": 5, "title": "Galvanized Angle Bracket 2 in.", "price": 5},
    {"id": 6, "title": "BEHR Premium Textured DeckOver 1 gal. Coating", "price": 35},
    {"id": 7, "title": "Deck Paint Exterior Oil Base", "price": 30},
    {"id": 8, "title": "Cordless Drill Driver 20V Kit", "price": 99},
    {"id": 9, "title": "Corded Hammer Drill 1/2 in.", "price": 79},
    {"id": 10, "title": "Drill Bit Set Titanium", "price": 25},
]


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Engine]:
    engine = Engine(make_settings(tmp_path))
    settings = {"embedders": {}, "sortableAttributes": ["price"], "filterableAttributes": ["price"]}
    engine.wait_for_task(engine.create_index("t", "id", settings).uid)
    done = engine.wait_for_task(engine.add_documents("t", DOCS).uid)
    assert done.status.value == "succeeded", done.error
    yield engine
    engine.close()


def ids(engine: Engine, **params: Any) -> list[int]:
    return [h["id"] for h in engine.search("t", {"limit": 20, **params})["hits"]]


def test_full_matches_first_and_later_words_still_retrieved(shop: Engine) -> None:
    learned = ids(shop, q="angle bracket")
    assert learned[0] == 5, "the only title with both words leads"
    # Meilisearch's `last` strategy never returns a document matching only the last word
    rules = ids(shop, q="angle bracket", ranker="rules")
    assert 2 not in rules and 4 not in rules
    assert {2, 4} <= set(learned)


def test_compound_spelling_is_understood(shop: Engine) -> None:
    assert set(ids(shop, q="deckover paint")[:2]) == {6, 7}
    assert ids(shop, q="deck over")[0] == 6


def test_typos_and_units(shop: Engine) -> None:
    assert ids(shop, q="cordles drill")[0] == 8
    assert ids(shop, q="1/2 inch hammer drill")[0] == 9


def test_sort_and_custom_rules_turn_it_off(shop: Engine) -> None:
    by_price = ids(shop, q="drill", sort=["price:asc"])
    assert by_price == [10, 9, 8]
    details = shop.search("t", {"q": "drill", "showRankingScoreDetails": True})["hits"][0]
    assert "ranker" in details["_rankingScoreDetails"]
    assert details["_rankingScoreDetails"]["words"]["matchingWords"] == 1
    custom = [*DEFAULT_RANKING_RULES, "price:asc"]
    shop.wait_for_task(shop.update_settings("t", {"rankingRules": custom}).uid)
    details = shop.search("t", {"q": "drill", "showRankingScoreDetails": True})["hits"][0]
    assert "ranker" not in details["_rankingScoreDetails"]


def test_scores_are_monotone_and_pages_are_consistent(shop: Engine) -> None:
    hits = shop.search("t", {"q": "drill bracket angle", "showRankingScore": True})["hits"]
    scores = [h["_rankingScore"] for h in hits]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    full = shop.search("t", {"q": "angle bracket", "rankingScoreThreshold": 0.99})["hits"]
    assert [h["id"] for h in full] == [5], "only the title with both words exactly"
    everything = ids(shop, q="drill bracket angle")
    paged = ids(shop, q="drill bracket angle", limit=3) + ids(
        shop, q="drill bracket angle", limit=3, offset=3
    )
    assert paged == everything[:6]


def test_filters_still_apply(shop: Engine) -> None:
    assert set(ids(shop, q="drill", filter="price < 90")) == {9, 10}


def test_bad_ranker_value_is_rejected(shop: Engine) -> None:
    with pytest.raises(SoukError, match="ranker") as caught:
        shop.search("t", {"q": "drill", "ranker": "magic"})
    assert caught.value.code == "invalid_search_ranker"


def test_engine_wide_default_can_be_rules(tmp_path: Path) -> None:
    config = make_settings(tmp_path)
    config.ranker = "rules"
    with Engine(config) as engine:
        engine.wait_for_task(engine.create_index("t", "id", {"embedders": {}}).uid)
        engine.wait_for_task(engine.add_documents("t", DOCS).uid)
        hits = engine.search("t", {"q": "angle bracket"})["hits"]
    assert 2 not in [h["id"] for h in hits]


def test_profile_cache_follows_document_updates(shop: Engine) -> None:
    assert ids(shop, q="cordless drill")[0] == 8
    done = shop.wait_for_task(
        shop.add_documents("t", [{"id": 8, "title": "Garden Hose Reel", "price": 99}]).uid
    )
    assert done.status.value == "succeeded"
    assert ids(shop, q="garden hose")[0] == 8
    assert ids(shop, q="cordless drill")[0] != 8
