"""The reference filter semantics, one document and one expression at a time."""

from __future__ import annotations

from typing import Any

import pytest

from souk.retrieval.filter_eval import evaluate, make_predicate
from souk.retrieval.filters import parse_filter

DOC: dict[str, Any] = {
    "id": 1,
    "color": "Red",
    "colors": ["red", "Dark Blue"],
    "title": "Running Shoe ＸＬ",
    "brand": "Straße",
    "price": 12.5,
    "rating": 4,
    "rating_f": 4.0,
    "rating_s": "4",
    "in_stock": True,
    "sold_out": False,
    "note": None,
    "empty_s": "",
    "empty_l": [],
    "empty_o": {},
    "tags": ["新品", "Sale", 7],
    "category": {"lvl0": "Shoes", "lvl1": ["Running", "Trail"]},
    "variants": [{"size": "M", "stock": 3}, {"size": "L", "stock": 0}, {"size": None}],
    "meta.brand": "Acme",
    "nested": [[1, 2], [3]],
}

CASES = [
    # equality: normalisation, numbers, booleans
    ("color = red", True),
    ("color = RED", True),
    ("color = 'ｒｅｄ'", True),
    ("color = blue", False),
    ("color != red", False),
    ("color != blue", True),
    ("missing != x", True),
    ("missing = x", False),
    ("brand = STRASSE", True),
    ("title = 'running shoe xl'", True),
    ("rating = 4", True),
    ("rating = 4.0", True),
    ("rating = '4'", True),
    ("rating_f = 4", True),
    ("rating_s = 4", True),
    ("rating_s = 4.0", False),
    ("price = 12.50", True),
    ("price = '12.5'", True),
    ("in_stock = true", True),
    ("in_stock = TRUE", True),
    ("in_stock = 1", False),
    ("sold_out = false", True),
    ("sold_out != true", True),
    # arrays: any element
    ("colors = 'dark blue'", True),
    ("colors != red", False),
    ("tags = 新品", True),
    ("tags = 7", True),
    ("tags = sale", True),
    ("nested = 3", True),
    # IN
    ("color IN [blue, red]", True),
    ("color IN [blue, green]", False),
    ("color NOT IN [blue, green]", True),
    ("rating IN [1, 4.0]", True),
    ("color IN []", False),
    # numeric ranges
    ("price > 12", True),
    ("price > 12.5", False),
    ("price >= 12.5", True),
    ("price < 13", True),
    ("price <= 12.4", False),
    ("price 12.5 TO 20", True),
    ("price 1 TO 12.49", False),
    ("price 20 TO 1", False),
    ("rating_s > 3", False),
    ("in_stock > 0", False),
    ("variants.stock > 2", True),
    ("variants.stock < 0", False),
    # lexicographic ranges on normalised strings
    ("color > q", True),
    ("color > red", False),
    ("color >= red", True),
    ("color < red", False),
    ("color <= Red", True),
    ("color a TO s", True),
    ("color s TO z", False),
    ("tags > 一", True),
    # CONTAINS / STARTS WITH
    ("title CONTAINS SHOE", True),
    ("title CONTAINS 'ning sh'", True),
    ("title CONTAINS boot", False),
    ("title NOT CONTAINS boot", True),
    ("title STARTS WITH run", True),
    ("title STARTS WITH shoe", False),
    ("title NOT STARTS WITH shoe", True),
    ("tags CONTAINS 品", True),
    ("tags STARTS WITH 新", True),
    ("color CONTAINS ''", True),
    ("missing CONTAINS ''", False),
    # EXISTS / NULL / EMPTY
    ("note EXISTS", True),
    ("note IS NULL", True),
    ("note IS NOT NULL", False),
    ("note IS EMPTY", False),
    ("color IS NULL", False),
    ("missing EXISTS", False),
    ("missing NOT EXISTS", True),
    ("missing IS NULL", False),
    ("missing IS EMPTY", False),
    ("empty_s IS EMPTY", True),
    ("empty_l IS EMPTY", True),
    ("empty_o IS EMPTY", True),
    ("empty_o EXISTS", True),
    ("color IS EMPTY", False),
    ("color IS NOT EMPTY", True),
    ("empty_s = ''", True),
    ("empty_l = ''", False),
    # nested paths
    ("category.lvl0 = shoes", True),
    ("category.lvl1 = trail", True),
    ("category.lvl2 EXISTS", False),
    ("category EXISTS", True),
    ("category = shoes", False),
    ("variants.size = l", True),
    ("variants.size IS NULL", True),
    ("variants.color EXISTS", False),
    ("meta.brand = acme", True),
    # logic
    ("color = red AND price > 10", True),
    ("color = red AND price > 20", False),
    ("color = blue OR price > 10", True),
    ("NOT color = red", False),
    ("NOT (color = blue OR price > 20)", True),
    ("color = blue AND price > 20 OR rating = 4", True),
    ("color = blue AND (price > 20 OR rating = 4)", False),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_evaluate(expression: str, expected: bool) -> None:
    node = parse_filter(expression)
    assert node is not None
    assert evaluate(node, DOC) is expected


def test_dotted_literal_key_and_nested_object_both_answer() -> None:
    node = parse_filter("a.b = 2")
    assert node is not None
    assert evaluate(node, {"a.b": 1, "a": {"b": 2}})
    assert evaluate(node, {"a": [{"b": 1}, {"b": [5, 2]}]})
    assert not evaluate(node, {"a": {"c": {"b": 2}}})


def test_array_form_is_and_of_ors() -> None:
    node = parse_filter(["color = red", ["price < 5", "rating = 4"]])
    assert node is not None
    assert evaluate(node, DOC)
    node = parse_filter(["color = red", ["price < 5", "rating = 5"]])
    assert node is not None
    assert not evaluate(node, DOC)


def test_make_predicate() -> None:
    assert make_predicate(None)({})
    keep = make_predicate(parse_filter("price > 10"))
    assert [keep(d) for d in ({"price": 11}, {"price": 9}, {})] == [True, False, False]
