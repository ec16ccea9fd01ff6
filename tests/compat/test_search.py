"""Search through the SDK: filters, facets, sort, formatting, pagination, matching strategy,
ranking scores, multi-search (plain and federated) and facet search."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, cast

import meilisearch
import pytest
from meilisearch.errors import MeilisearchApiError
from meilisearch.index import Index

from tests.compat.conftest import PRODUCTS, MakeIndex

pytestmark = pytest.mark.compat

Product = dict[str, Any]
LEATHER_IDS = {p["id"] for p in PRODUCTS if "leather" in p["tags"]}


def _hit_ids(response: dict[str, Any]) -> list[Any]:
    return [hit["id"] for hit in response["hits"]]


def test_placeholder_search_returns_everything(products_index: Index) -> None:
    response = products_index.search("")
    assert response["query"] == ""
    assert response["offset"] == 0
    assert response["limit"] == 20
    assert response["estimatedTotalHits"] == len(PRODUCTS)
    assert sorted(_hit_ids(response)) == sorted(p["id"] for p in PRODUCTS)
    assert isinstance(response["processingTimeMs"], int)
    hit = next(h for h in response["hits"] if h["id"] == 9)
    assert hit == next(p for p in PRODUCTS if p["id"] == 9)


def test_keyword_search_with_typo_and_prefix(products_index: Index) -> None:
    assert set(_hit_ids(products_index.search("leather"))) == LEATHER_IDS
    assert set(_hit_ids(products_index.search("lether"))) == LEATHER_IDS  # one typo
    jackets = {p["id"] for p in PRODUCTS if "Jacket" in p["title"]}
    assert set(_hit_ids(products_index.search("jack"))) == jackets  # prefix of the last word


FILTERS: list[tuple[str | list[Any], Callable[[Product], bool]]] = [
    ("brand = Acme AND price < 100", lambda p: p["brand"] == "Acme" and p["price"] < 100),
    ("tags = sale", lambda p: "sale" in p["tags"]),
    (
        "brand IN [Orbit, Zenith] AND tags = winter",
        lambda p: p["brand"] in ("Orbit", "Zenith") and "winter" in p["tags"],
    ),
    (
        "price 40 TO 90 AND NOT color = red",
        lambda p: 40 <= p["price"] <= 90 and p["color"] != "red",
    ),
    (
        [["color = red", "color = blue"], "price > 50"],
        lambda p: p["color"] in ("red", "blue") and p["price"] > 50,
    ),
    (
        ["tags = outdoor", "brand != Acme"],
        lambda p: "outdoor" in p["tags"] and p["brand"] != "Acme",
    ),
]


@pytest.mark.parametrize(("filter_", "keep"), FILTERS, ids=[str(f)[:40] for f, _ in FILTERS])
def test_filters(
    products_index: Index, filter_: str | list[Any], keep: Callable[[Product], bool]
) -> None:
    response = products_index.search("", {"filter": filter_, "limit": 50})
    expected = sorted(p["id"] for p in PRODUCTS if keep(p))
    assert expected, "the filter should keep something"
    assert sorted(_hit_ids(response)) == expected
    assert response["estimatedTotalHits"] == len(expected)


def test_facets_distribution_and_stats(products_index: Index) -> None:
    response = products_index.search(
        "", {"facets": ["brand", "tags", "price"], "filter": "price > 20"}
    )
    kept = [p for p in PRODUCTS if p["price"] > 20]
    distribution = response["facetDistribution"]
    assert distribution["brand"] == dict(Counter(p["brand"] for p in kept))
    assert distribution["tags"] == dict(Counter(t for p in kept for t in p["tags"]))
    assert response["facetStats"] == {
        "price": {"min": min(p["price"] for p in kept), "max": max(p["price"] for p in kept)}
    }


def test_sort(products_index: Index) -> None:
    response = products_index.search("", {"sort": ["price:desc"], "limit": 50})
    assert _hit_ids(response) == [p["id"] for p in sorted(PRODUCTS, key=lambda p: -p["price"])]
    response = products_index.search("", {"sort": ["rating:desc", "price:asc"], "limit": 50})
    expected = sorted(PRODUCTS, key=lambda p: (-p["rating"], p["price"]))
    assert _hit_ids(response) == [p["id"] for p in expected]


def test_highlight_with_custom_tags_and_matches_position(products_index: Index) -> None:
    response = products_index.search(
        "jacket",
        {
            "attributesToHighlight": ["title"],
            "highlightPreTag": "<mark>",
            "highlightPostTag": "</mark>",
            "showMatchesPosition": True,
        },
    )
    by_id = {hit["id"]: hit for hit in response["hits"]}
    assert set(by_id) == {6, 7}
    assert by_id[7]["_formatted"]["title"] == "Rain <mark>Jacket</mark>"
    assert by_id[6]["_formatted"]["title"] == "Leather <mark>Jacket</mark>"
    assert by_id[7]["title"] == "Rain Jacket"  # the hit itself is untouched
    assert by_id[7]["_matchesPosition"]["title"] == [{"start": 5, "length": 6}]


def test_crop(products_index: Index) -> None:
    response = products_index.search(
        "warm",
        {
            "attributesToCrop": ["description"],
            "cropLength": 4,
            "cropMarker": "[..]",
        },
    )
    assert _hit_ids(response) == [1]
    cropped = response["hits"][0]["_formatted"]["description"]
    assert "warm" in cropped
    assert cropped.startswith("[..]") and cropped.endswith("[..]")
    words = cropped.replace("[..]", " ").split()
    assert 1 <= len(words) <= 4


def test_attributes_to_retrieve(products_index: Index) -> None:
    response = products_index.search("scarf", {"attributesToRetrieve": ["title", "price"]})
    assert response["hits"] == [{"title": "Silk Scarf", "price": 45}]


def test_offset_limit_pagination(products_index: Index) -> None:
    by_price = [p["id"] for p in sorted(PRODUCTS, key=lambda p: p["price"])]
    response = products_index.search("", {"sort": ["price:asc"], "offset": 4, "limit": 3})
    assert _hit_ids(response) == by_price[4:7]
    assert response["offset"] == 4
    assert response["limit"] == 3
    assert response["estimatedTotalHits"] == len(PRODUCTS)
    assert "totalPages" not in response


def test_page_pagination(products_index: Index) -> None:
    by_price = [p["id"] for p in sorted(PRODUCTS, key=lambda p: p["price"])]
    response = products_index.search("", {"sort": ["price:asc"], "page": 2, "hitsPerPage": 5})
    assert _hit_ids(response) == by_price[5:10]
    assert response["page"] == 2
    assert response["hitsPerPage"] == 5
    assert response["totalHits"] == len(PRODUCTS)
    assert response["totalPages"] == 3
    assert "estimatedTotalHits" not in response
    assert "offset" not in response
    last = products_index.search("", {"sort": ["price:asc"], "page": 3, "hitsPerPage": 5})
    assert _hit_ids(last) == by_price[10:]


def test_page_zero_is_echoed(products_index: Index) -> None:
    response = products_index.search("", {"page": 0, "hitsPerPage": 0})
    assert response["hits"] == []
    assert response["page"] == 0
    assert response["hitsPerPage"] == 0
    assert response["totalHits"] == len(PRODUCTS)


def test_matching_strategy(products_index: Index) -> None:
    last = products_index.search("leather zzqxv", {"matchingStrategy": "last"})
    assert set(_hit_ids(last)) == LEATHER_IDS
    strict = products_index.search("leather zzqxv", {"matchingStrategy": "all"})
    assert strict["hits"] == []
    assert strict["estimatedTotalHits"] == 0


def test_show_ranking_score(products_index: Index) -> None:
    response = products_index.search("leather jacket", {"showRankingScore": True})
    scores = [hit["_rankingScore"] for hit in response["hits"]]
    assert scores and all(0.0 < s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert response["hits"][0]["id"] == 6  # the only document with both words in its title
    plain = products_index.search("leather jacket")
    assert all("_rankingScore" not in hit for hit in plain["hits"])


def test_search_time_distinct(products_index: Index) -> None:
    response = products_index.search("", {"distinct": "brand", "limit": 50})
    brands = [hit["brand"] for hit in response["hits"]]
    assert sorted(brands) == sorted({p["brand"] for p in PRODUCTS})


@pytest.fixture
def notebooks(make_index: MakeIndex) -> Index:
    return make_index([{"id": 1, "title": "Leather Notebook"}, {"id": 2, "title": "Steel Pen"}])


def test_multi_search(client: meilisearch.Client, products_index: Index, notebooks: Index) -> None:
    response = client.multi_search(
        [
            {"indexUid": products_index.uid, "q": "leather", "limit": 2},
            {"indexUid": notebooks.uid, "q": "pen"},
        ]
    )
    first, second = response["results"]
    assert first["indexUid"] == products_index.uid
    assert len(first["hits"]) == 2
    assert set(_hit_ids(first)) <= LEATHER_IDS
    assert first["estimatedTotalHits"] == len(LEATHER_IDS)
    assert second["indexUid"] == notebooks.uid
    assert second["hits"] == [{"id": 2, "title": "Steel Pen"}]


def test_federated_multi_search(
    client: meilisearch.Client, products_index: Index, notebooks: Index
) -> None:
    queries = [
        {"indexUid": products_index.uid, "q": "leather"},
        {"indexUid": notebooks.uid, "q": "leather"},
    ]
    # The SDK annotates the answer as {str: list}; a federated one also has numbers.
    response = cast(dict[str, Any], client.multi_search(queries, federation={}))
    assert "results" not in response
    origins = {
        (hit["_federation"]["indexUid"], hit["_federation"]["queriesPosition"], hit["id"])
        for hit in response["hits"]
    }
    assert origins == {(products_index.uid, 0, i) for i in LEATHER_IDS} | {(notebooks.uid, 1, 1)}
    assert response["estimatedTotalHits"] == len(LEATHER_IDS) + 1
    limited = cast(dict[str, Any], client.multi_search(queries, federation={"limit": 2}))
    assert len(limited["hits"]) == 2
    assert limited["limit"] == 2
    assert limited["offset"] == 0


def test_multi_search_unknown_index(client: meilisearch.Client, products_index: Index) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        client.multi_search(
            [
                {"indexUid": products_index.uid, "q": ""},
                {"indexUid": "compat_no_such_index", "q": ""},
            ]
        )
    assert err.value.status_code == 404
    assert err.value.code == "index_not_found"


def test_facet_search(products_index: Index) -> None:
    response = products_index.facet_search("brand", "ac")
    assert response["facetHits"] == [
        {"value": "Acme", "count": sum(p["brand"] == "Acme" for p in PRODUCTS)}
    ]
    assert response["facetQuery"] == "ac"
    filtered = products_index.facet_search("brand", "ac", {"filter": "price < 100"})
    assert filtered["facetHits"] == [
        {"value": "Acme", "count": sum(p["brand"] == "Acme" and p["price"] < 100 for p in PRODUCTS)}
    ]
    every = products_index.facet_search("color")
    assert {h["value"]: h["count"] for h in every["facetHits"]} == dict(
        Counter(p["color"] for p in PRODUCTS)
    )


def test_facet_search_on_non_filterable_attribute(products_index: Index) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        products_index.facet_search("title", "le")
    assert err.value.status_code == 400
    assert err.value.code == "invalid_facet_search_facet_name"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"filter": "price >"}, "invalid_search_filter"),
        ({"filter": "title = Shoe"}, "invalid_search_filter"),
        ({"filter": "brand = Acme AND"}, "invalid_search_filter"),
        ({"sort": ["title:asc"]}, "invalid_search_sort"),
        ({"facets": ["title"]}, "invalid_search_facets"),
        ({"limit": "ten"}, "invalid_search_limit"),
        ({"matchingStrategy": "most"}, "invalid_search_matching_strategy"),
        ({"notAParameter": 1}, "bad_request"),
    ],
)
def test_bad_search_requests(products_index: Index, params: dict[str, Any], code: str) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        products_index.search("shoe", params)
    assert err.value.status_code == 400
    assert err.value.code == code
    assert err.value.type == "invalid_request"
    assert err.value.link == f"https://docs.meilisearch.com/errors#{code}"


def test_search_unknown_index(client: meilisearch.Client) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        client.index("compat_missing_index").search("shoe")
    assert err.value.status_code == 404
    assert err.value.code == "index_not_found"
