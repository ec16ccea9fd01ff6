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
