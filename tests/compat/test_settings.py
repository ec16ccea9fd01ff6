"""Settings through the SDK: every sub-setting's get/update/reset, the whole-settings routes,
validation errors, and the settings that visibly change search."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import pytest
from meilisearch.errors import MeilisearchApiError
from meilisearch.models.embedders import UserProvidedEmbedder
from meilisearch.models.index import PrefixSearch, ProximityPrecision
from pydantic import BaseModel

from tests.compat.conftest import PRODUCTS, MakeIndex, WaitOk

pytestmark = pytest.mark.compat

DEFAULT_RANKING_RULES = [
    "words",
    "typo",
    "proximity",
    "attributeRank",
    "sort",
    "wordPosition",
    "exactness",
]
DEFAULT_TYPO_TOLERANCE = {
    "enabled": True,
    "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    "disableOnWords": [],
    "disableOnAttributes": [],
}


def plain(value: Any) -> Any:
    """SDK return values (pydantic models, enums) as plain JSON-like values."""
    if isinstance(value, BaseModel):
        return plain(value.model_dump(by_alias=True, exclude_none=True))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def as_set(value: Any) -> Any:
    return sorted(plain(value))


def typo(value: Any) -> Any:
    got = plain(value)
    return {k: got.get(k) for k in DEFAULT_TYPO_TOLERANCE}


def sorted_synonyms(value: Any) -> Any:
    return {k: sorted(v) for k, v in plain(value).items()}


# (SDK setting name, value to write, normaliser for reads, expected after update, default).
ROUND_TRIPS: list[tuple[str, Any, Callable[[Any], Any], Any, Any]] = [
    (
        "ranking_rules",
        ["sort", "words", "typo", "proximity", "attribute", "exactness", "price:desc"],
        plain,
        ["sort", "words", "typo", "proximity", "attribute", "exactness", "price:desc"],
        DEFAULT_RANKING_RULES,
    ),
    ("distinct_attribute", "brand", plain, "brand", None),
    ("searchable_attributes", ["title", "description"], plain, ["title", "description"], ["*"]),
    ("displayed_attributes", ["title", "price"], plain, ["title", "price"], ["*"]),
    ("stop_words", ["the", "a", "of"], as_set, ["a", "of", "the"], []),
    (
        "synonyms",
        {"sneaker": ["trainer", "shoe"], "jeans": ["denim"]},
        sorted_synonyms,
        {"sneaker": ["shoe", "trainer"], "jeans": ["denim"]},
        {},
    ),
    ("filterable_attributes", ["price", "brand"], as_set, ["brand", "price"], []),
    ("sortable_attributes", ["rating", "price"], as_set, ["price", "rating"], []),
    (
        "typo_tolerance",
        {
            "minWordSizeForTypos": {"oneTypo": 4},
            "disableOnWords": ["acme"],
            "disableOnAttributes": ["brand"],
        },
        typo,
        {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": 4, "twoTypos": 9},
            "disableOnWords": ["acme"],
            "disableOnAttributes": ["brand"],
        },
        DEFAULT_TYPO_TOLERANCE,
    ),
    (
        "pagination_settings",
        {"maxTotalHits": 50},
        plain,
        {"maxTotalHits": 50},
        {"maxTotalHits": 1000},
    ),
    (
        "faceting_settings",
        {"maxValuesPerFacet": 5, "sortFacetValuesBy": {"*": "count"}},
        plain,
        {"maxValuesPerFacet": 5, "sortFacetValuesBy": {"*": "count"}},
        {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
    ),
    ("dictionary", ["J. R. R.", "W. E. B."], as_set, ["J. R. R.", "W. E. B."], []),
    ("separator_tokens", ["&sep", "|"], as_set, ["&sep", "|"], []),
    ("non_separator_tokens", ["@", "#"], as_set, ["#", "@"], []),
    ("search_cutoff_ms", 150, plain, 150, None),
    ("proximity_precision", ProximityPrecision.BY_ATTRIBUTE, plain, "byAttribute", "byWord"),
    ("facet_search_settings", False, plain, False, True),
    ("prefix_search", PrefixSearch.DISABLED, plain, "disabled", "indexingTime"),
    (
        "localized_attributes",
        [{"attributePatterns": ["*_ja"], "locales": ["jpn"]}],
        plain,
        [{"attributePatterns": ["*_ja"], "locales": ["jpn"]}],
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "value", "norm", "expected", "default"),
    ROUND_TRIPS,
    ids=[row[0] for row in ROUND_TRIPS],
)
def test_sub_setting_round_trip(
    make_index: MakeIndex,
    wait_ok: WaitOk,
    name: str,
    value: Any,
    norm: Callable[[Any], Any],
    expected: Any,
    default: Any,
) -> None:
    index = make_index([])
    get = getattr(index, f"get_{name}")
    assert norm(get()) == default, "fresh index should have Meilisearch's default"
    task = wait_ok(getattr(index, f"update_{name}")(value))
    assert task.type == "settingsUpdate"
    assert norm(get()) == expected
    task = wait_ok(getattr(index, f"reset_{name}")())
    assert task.type == "settingsUpdate"
    assert norm(get()) == default


def test_faceting_sort_order_keeps_the_wildcard_default(
    make_index: MakeIndex, wait_ok: WaitOk
) -> None:
    index = make_index([])
    wait_ok(index.update_faceting_settings({"sortFacetValuesBy": {"brand": "count"}}))
    assert plain(index.get_faceting_settings()) == {
        "maxValuesPerFacet": 100,
        "sortFacetValuesBy": {"*": "alpha", "brand": "count"},
    }


def test_user_provided_embedder_round_trip(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index([])
    assert index.get_embedders() is None  # SOUK_DEFAULT_EMBEDDER=none: no embedder, like Meili
    wait_ok(index.update_embedders({"manual": {"source": "userProvided", "dimensions": 3}}))
    embedders = index.get_embedders()
    assert embedders is not None
    assert set(embedders.embedders) == {"manual"}
    manual = embedders.embedders["manual"]
    assert isinstance(manual, UserProvidedEmbedder)
    assert manual.source == "userProvided"
    assert manual.dimensions == 3
    wait_ok(index.reset_embedders())
    assert index.get_embedders() is None


def test_default_settings_document(make_index: MakeIndex) -> None:
    settings = make_index([]).get_settings()
    expected = {
        "displayedAttributes": ["*"],
        "searchableAttributes": ["*"],
        "filterableAttributes": [],
        "sortableAttributes": [],
        "rankingRules": DEFAULT_RANKING_RULES,
        "stopWords": [],
        "nonSeparatorTokens": [],
        "separatorTokens": [],
        "dictionary": [],
        "synonyms": {},
        "distinctAttribute": None,
        "proximityPrecision": "byWord",
        "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
        "pagination": {"maxTotalHits": 1000},
        "searchCutoffMs": None,
        "localizedAttributes": None,
        "facetSearch": True,
        "prefixSearch": "indexingTime",
        "embedders": {},
    }
    assert {k: settings.get(k, "<missing>") for k in expected} == expected
    assert {k: settings["typoTolerance"].get(k) for k in DEFAULT_TYPO_TOLERANCE} == (
        DEFAULT_TYPO_TOLERANCE
    )


def test_update_and_reset_all_settings(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index([])
    task = wait_ok(
        index.update_settings(
            {
                "searchableAttributes": ["title"],
                "filterableAttributes": ["brand"],
                "sortableAttributes": ["price"],
                "stopWords": ["the"],
                "pagination": {"maxTotalHits": 10},
            }
        )
    )
    assert task.type == "settingsUpdate"
    assert task.details is not None
    assert task.details["searchableAttributes"] == ["title"]
    settings = index.get_settings()
    assert settings["searchableAttributes"] == ["title"]
    assert settings["filterableAttributes"] == ["brand"]
    assert settings["sortableAttributes"] == ["price"]
    assert settings["stopWords"] == ["the"]
    assert settings["pagination"] == {"maxTotalHits": 10}
    assert settings["displayedAttributes"] == ["*"]  # untouched settings keep their value
    wait_ok(index.reset_settings())
    settings = index.get_settings()
    assert settings["searchableAttributes"] == ["*"]
    assert settings["filterableAttributes"] == []
    assert settings["pagination"] == {"maxTotalHits": 1000}


def test_settings_change_search_results(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index()
    merino = {p["id"] for p in PRODUCTS if "merino" in p["description"]}
    assert {h["id"] for h in index.search("merino")["hits"]} == merino
    wait_ok(
        index.update_settings(
            {
                "searchableAttributes": ["title"],
                "displayedAttributes": ["id", "title"],
                "synonyms": {"trainer": ["sneaker"]},
                "pagination": {"maxTotalHits": 5},
            }
        )
    )
    assert index.search("merino")["hits"] == []  # description is no longer searchable
    assert index.search("trainer")["hits"] == [{"id": 10, "title": "Canvas Sneaker"}]
    capped = index.search("", {"limit": 50})
    assert len(capped["hits"]) == 5
    assert capped["estimatedTotalHits"] == 5


@pytest.mark.parametrize(
    ("method", "body", "code"),
    [
        ("update_ranking_rules", ["words", "bogus"], "invalid_settings_ranking_rules"),
        ("update_pagination_settings", {"maxTotalHits": -1}, "invalid_settings_pagination"),
        ("update_settings", {"notASetting": True}, "bad_request"),
        ("update_distinct_attribute", ["brand"], "invalid_settings_distinct_attribute"),
    ],
)
def test_invalid_settings_are_rejected(
    make_index: MakeIndex, method: str, body: Any, code: str
) -> None:
    index = make_index([])
    with pytest.raises(MeilisearchApiError) as err:
        getattr(index, method)(body)
    assert err.value.status_code == 400
    assert err.value.code == code
