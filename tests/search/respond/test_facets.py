"""Facets in the response: which attributes, disjunctive recounts, and the caller's scope."""

from __future__ import annotations

import pytest

from souk.engine import Engine
from souk.errors import SoukError
from souk.runtime.index_runtime import IndexRuntime
from souk.search.request import SearchRequest
from souk.search.respond.facets import disjunctive, facet_attributes, mentions_only
from souk.search.scope import Scope
from tests.search.tiny import UID


def test_facet_attributes_must_be_filterable(tiny: IndexRuntime) -> None:
    assert facet_attributes(tiny, None) is None
    assert facet_attributes(tiny, ["color"]) == ["color"]
    assert sorted(facet_attributes(tiny, ["*"]) or []) == ["brand", "color", "price"]
    with pytest.raises(SoukError) as error:
        facet_attributes(tiny, ["title"])
    assert error.value.code == "invalid_search_facets"


def test_a_clause_mentions_only_one_attribute() -> None:
    assert mentions_only("color = red", "color")
    assert mentions_only(["color = red", "color = blue"], "color")
    assert not mentions_only("color = red AND price < 10", "color")
    assert not mentions_only("brand = Acme", "color")
    assert not mentions_only("color ==", "color"), "an unparsable clause is kept"


def test_disjunctive_recount_drops_only_that_facets_clauses() -> None:
    asked: list[SearchRequest] = []

    def recount(request: SearchRequest) -> dict[str, dict[str, int]]:
        asked.append(request)
        return {"color": {"Blue": 1, "Red": 2}}

    request = SearchRequest(
        q="shoes",
        filter=["color = red", "price < 100"],
        facets=["color", "brand", "price"],
        disjunctive_facets=True,
        limit=5,
        offset=5,
        page=2,
    )
    counted = {"color": {"Red": 2}, "brand": {"Acme": 2}, "price": {"70": 1}}
    result = disjunctive(counted, ["color", "brand", "price"], request, recount)
    assert result["color"] == {"Blue": 1, "Red": 2}
    assert result["brand"] == {"Acme": 2}, "no clause on brand: its counts stand"
    colour, price = asked
    assert colour.filter == ["price < 100"] and colour.facets == ["color"]
    assert (colour.limit, colour.offset, colour.page, colour.disjunctive_facets) == (
        0,
        0,
        None,
        False,
    )
    assert price.filter == ["color = red"] and price.facets == ["price"]


def test_disjunctive_counts_stay_within_the_scope(tiny_engine: Engine) -> None:
    scoped = tiny_engine.scoped(UID, Scope("brand = Borealis OR brand = Cafeto"))
    result = scoped.search(
        {"filter": ["color = red"], "facets": ["color", "brand"], "facetsDisjunctive": True}
    )
    # every colour of the caller's brands, none of Acme's (its blue shoes stay invisible)
    assert result["facetDistribution"]["color"] == {"brown": 1, "green": 1, "red": 2}
    assert result["facetDistribution"]["brand"] == {"Borealis": 1, "Cafeto": 1}
    assert result["estimatedTotalHits"] == 2
