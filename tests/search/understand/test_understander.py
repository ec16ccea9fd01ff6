"""Table-driven checks of query understanding (English and Chinese)."""

from __future__ import annotations

import pytest

from souk.search.understand import understand
from tests.search.understand.cases import CHINESE, ENGLISH, VOCABULARY, Case


def test_the_set_is_big_enough_and_half_chinese() -> None:
    assert len(ENGLISH) + len(CHINESE) >= 80
    assert len(CHINESE) >= (len(ENGLISH) + len(CHINESE)) // 2 - 1


@pytest.mark.parametrize("case", ENGLISH + CHINESE, ids=lambda c: c[0])
def test_understanding(case: Case) -> None:
    query, rewritten, filters, sort = case
    result = understand(query, VOCABULARY)
    assert result.query == rewritten
    assert sorted(result.filter_expressions) == sorted(filters)
    assert result.sort_expressions == sort


def test_doubtful_brand_is_reported_but_not_applied() -> None:
    result = understand("orange juice", VOCABULARY)
    doubtful = [f for f in result.filters if f.attribute == "brand"]
    assert doubtful and not doubtful[0].applied and doubtful[0].confidence < 0.6
    payload = result.to_dict()
    assert payload["filters"][0]["applied"] is False and payload["originalQuery"] == "orange juice"


def test_values_are_quoted_safely() -> None:
    from souk.search.understand import IndexVocabulary

    vocabulary = IndexVocabulary.of({"brand": ['Say "Hi"']})
    assert understand('say "hi" mugs', vocabulary).filter_expressions == ['brand = "Say \\"Hi\\""']


def test_nothing_without_the_attributes() -> None:
    from souk.search.understand import IndexVocabulary

    bare = IndexVocabulary.of({})
    result = understand("cheapest red dress under $50", bare)
    assert result.filter_expressions == [] and result.sort_expressions == []
    assert result.query == "cheapest red dress under $50"
