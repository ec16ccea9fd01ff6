"""Search parameters are validated with Meilisearch error codes."""

from __future__ import annotations

import pytest

from souk.errors import SoukError
from souk.search.request import parse_search_request


def test_defaults_and_string_forms() -> None:
    request = parse_search_request({"q": "shoes", "facets": "brand, color", "limit": "5"})
    assert request.limit == 5 and request.offset == 0
    assert request.facets == ["brand", "color"]
    assert request.matching_strategy == "last" and not request.paginated
    assert parse_search_request({"page": 2}).paginated


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": 3}, "invalid_search_q"),
        ({"limit": -1}, "invalid_search_limit"),
        ({"matchingStrategy": "some"}, "invalid_search_matching_strategy"),
        ({"hybrid": {"semanticRatio": 1.5}}, "invalid_search_semantic_ratio"),
        ({"filter": 3}, "invalid_search_filter"),
        ({"vector": ["a"]}, "invalid_search_vector"),
        ({"showRankingScore": "maybe"}, "invalid_search_show_ranking_score"),
    ],
)
def test_bad_parameters(params: dict[str, object], code: str) -> None:
    with pytest.raises(SoukError) as error:
        parse_search_request(params)
    assert error.value.code == code


def test_souk_and_detail_parameters_are_typed_fields() -> None:
    request = parse_search_request(
        {
            "q": "shoes",
            "showRankingScoreDetails": True,
            "showPerformanceDetails": "true",
            "ranker": "rules",
        }
    )
    assert request.show_ranking_score_details is True
    assert request.show_performance_details is True
    assert request.ranker == "rules"
    defaults = parse_search_request({"showPerformanceDetails": None, "ranker": None})
    assert defaults.show_performance_details is False
    assert defaults.show_ranking_score_details is False
    assert defaults.ranker is None, "the engine's default ranker applies"
    assert parse_search_request({"someUnknownKey": 1}).q is None, "unknown keys are ignored"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"showRankingScoreDetails": "maybe"}, "invalid_search_show_ranking_score_details"),
        ({"showPerformanceDetails": 1}, "invalid_search_show_performance_details"),
        ({"ranker": "magic"}, "invalid_search_ranker"),
        ({"ranker": 3}, "invalid_search_ranker"),
    ],
)
def test_bad_detail_and_ranker_parameters(params: dict[str, object], code: str) -> None:
    with pytest.raises(SoukError) as error:
        parse_search_request(params)
    assert error.value.code == code
