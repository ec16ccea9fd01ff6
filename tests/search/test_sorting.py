"""Sort expressions: ``attribute:asc|desc`` on sortable attributes only."""

from __future__ import annotations

import pytest

from souk.errors import SoukError
from souk.search.sorting import SortKey, parse_sort


def test_parse_sort() -> None:
    assert parse_sort(["price:asc", "rating:desc"], ["price", "rating"]) == [
        SortKey("price", False),
        SortKey("rating", True),
    ]
    assert parse_sort(["a.b:desc"], ["a.b"]) == [SortKey("a.b", True)]


@pytest.mark.parametrize("expression", ["price", "price:up", ":asc"])
def test_bad_expressions(expression: str) -> None:
    with pytest.raises(SoukError) as error:
        parse_sort([expression], ["price"])
    assert error.value.code == "invalid_search_sort"


def test_not_sortable_names_the_available_attributes() -> None:
    with pytest.raises(SoukError) as error:
        parse_sort(["stock:asc"], ["price", "rating"])
    assert "Available sortable attributes are: `price, rating`" in error.value.message
