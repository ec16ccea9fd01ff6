"""The compiled tantivy query must select exactly the documents ``evaluate`` accepts."""

from __future__ import annotations

import random
from typing import Any

import pytest
import tantivy

from souk.retrieval.filter_eval import evaluate
from souk.retrieval.filter_fields import (
    add_filter_fields,
    add_filter_values,
    document_paths,
    expand_attributes,
)
from souk.retrieval.filter_tantivy import (
    STRING_COMPARISON_LIMIT,
    compile_filter,
    escape_regex,
    range_regex,
)
from souk.retrieval.filters import FilterError, parse_filter

STRINGS = [
    "red", "Red", "RED", " red ", "ｒｅｄ", "blue", "Blue", "green", "straße", "STRASSE", "红色",
    "蓝色", "中文", "", "a b", "x.y", "a*b", "(p)", "[q]", "50% off", "rot", "Zed", "zz", "10",
    "4", "4.0", "-3", "true", "new", "新品", "新款", "é", "e\u0301",
]  # fmt: skip
NUMBERS = [0, 1, 4, 4.0, 4.5, 10, 10.0, 12, -3, -0.5, 99.99, 1e6, 2**53 + 1]
PATTERNS = ["color", "size", "price", "rating", "flag", "tags", "category", "name", "note", "ghost"]


def scalar(rng: random.Random) -> Any:
    kind = rng.random()
    if kind < 0.5:
        return rng.choice(STRINGS)
    if kind < 0.85:
        return rng.choice(NUMBERS)
    return rng.choice([True, False])


def value(rng: random.Random) -> Any:
    kind = rng.random()
    if kind < 0.55:
        return scalar(rng)
    if kind < 0.8:
        return [scalar(rng) for _ in range(rng.randint(0, 3))]
    if kind < 0.9:
        return None
    return rng.choice(["", [], {}, [[scalar(rng)], None]])


def make_doc(rng: random.Random, i: int) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": i}
    for attr in ["color", "size", "price", "rating", "flag", "tags", "name", "note"]:
        if rng.random() < 0.8:
            doc[attr] = value(rng)
    roll = rng.random()
    if roll < 0.35:
        doc["category"] = {"lvl0": value(rng), "lvl1": value(rng)}
    elif roll < 0.55:
        doc["category"] = [{"lvl0": value(rng)} for _ in range(rng.randint(0, 3))]
    elif roll < 0.65:
        doc["category.lvl0"] = value(rng)
    elif roll < 0.75:
        doc["category"] = rng.choice([None, {}, "flat"])
    return doc


FILTERS: list[Any] = [
    # equality and normalisation
    "color = red", "color = RED", "color = 'ｒｅｄ'", "color = 红色", "color = ''", "color = '4.0'",
    "color = 4", "color = straße", "color = strasse", "color != red", "color = 'a b'",
    "color = true", "flag = true", "flag = FALSE", "flag != true", "rating = 4", "rating = '4.0'",
    "rating = 4.5", "rating != 4", "price = 10", "price = 1e6", "price = 9007199254740993",
    "size = -3", "size = '-0.5'",
    # IN / NOT IN
    "color IN [red, blue, 红色]", "color NOT IN [red, blue]", "price IN [1, 4, '10', zed]",
    "tags IN []",
    # EXISTS / NULL / EMPTY
    "color EXISTS", "color NOT EXISTS", "color IS NULL", "color IS NOT NULL", "color IS EMPTY",
    "color IS NOT EMPTY", "note IS EMPTY", "note IS NULL AND note EXISTS", "ghost EXISTS",
    "ghost NOT EXISTS", "ghost != 1",
    # numeric comparisons
    "price > 4", "price >= 4", "price < 4", "price <= 4.5", "price > -1", "price < 0",
    "price 1 TO 12", "price -3 TO -0.5", "price 12 TO 1", "price 4 TO 4", "rating >= 4.5",
    "size > 1e5", "price != 10 AND price > 0",
    # lexicographic comparisons
    "color > red", "color >= red", "color < green", "color <= blue", "color > 中", "color < 1",
    "color blue TO red", "color a TO b", "color 红 TO 蓝", "color red TO blue", "color z TO zz",
    "name > 'a b'", "name <= '4.0'", "size 10 TO 4", "tags >= e",
    # CONTAINS / STARTS WITH
    "color CONTAINS e", "color CONTAINS 'a b'", "color NOT CONTAINS e", "color CONTAINS '*'",
    "color CONTAINS '.'", "color CONTAINS '('", "color CONTAINS '%'", "color CONTAINS 色",
    "color STARTS WITH r", "color STARTS WITH 新", "color NOT STARTS WITH r", "tags CONTAINS ''",
    "name STARTS WITH '[q'", "price CONTAINS 0",
    # nested attributes
    "category.lvl0 = red", "category.lvl0 EXISTS", "category.lvl0 IS NULL", "category EXISTS",
    "category IS EMPTY", "category.lvl1 IN [red, 4]", "category.lvl0 > 4",
    "category.lvl0 NOT EXISTS", "category = flat", "category.lvl9 = x", "category.lvl9 NOT EXISTS",
    # logic
    "color = red AND price > 4", "color = red OR price > 4", "NOT color = red",
    "NOT (color = red OR size = 4)", "(color = red OR color = blue) AND NOT flag = false",
    "color = red AND price > 4 OR rating = 4", "color = red AND (price > 4 OR rating = 4)",
    "NOT NOT color = red", "color EXISTS AND NOT color IS NULL AND color != ''",
    "NOT (tags IS EMPTY OR tags NOT EXISTS) AND tags CONTAINS 新",
    ["color EXISTS", ["size = 4", "size = blue"]], [["price < 0", "price > 10"], "flag EXISTS"],
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> tuple[tantivy.Index, list[dict[str, Any]], list[str]]:
    rng = random.Random(20240601)
    docs = [make_doc(rng, i) for i in range(300)]
    paths: set[str] = set()
    for doc in docs:
        paths |= document_paths(doc)
    attributes = expand_attributes(PATTERNS, paths)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("_id", stored=True, tokenizer_name="raw")
    add_filter_fields(builder, attributes)
    index = tantivy.Index(builder.build())
    writer = index.writer(15_000_000, 1)
    for doc in docs:
        document = tantivy.Document()
        document.add_text("_id", str(doc["id"]))
        add_filter_values(document, doc, attributes)
        writer.add_document(document)
    writer.commit()
    index.reload()
    return index, docs, attributes


def search_ids(index: tantivy.Index, query: tantivy.Query) -> set[int]:
    searcher = index.searcher()
    hits = searcher.search(query, searcher.num_docs + 1).hits
    return {int(searcher.doc(address)["_id"][0]) for _, address in hits}


def test_table_is_large_and_discriminating(
    corpus: tuple[tantivy.Index, list[dict[str, Any]], list[str]],
) -> None:
    _, docs, attributes = corpus
    assert len(FILTERS) >= 60
    assert "category.lvl0" in attributes and "category.lvl9" not in attributes
    sizes = []
    for expression in FILTERS:
        node = parse_filter(expression)
        assert node is not None
        sizes.append(sum(evaluate(node, doc) for doc in docs))
    informative = [n for n in sizes if 0 < n < len(docs)]
    assert len(informative) >= 0.8 * len(FILTERS), sizes


@pytest.mark.parametrize("expression", FILTERS, ids=str)
def test_index_agrees_with_evaluate(
    corpus: tuple[tantivy.Index, list[dict[str, Any]], list[str]], expression: Any
) -> None:
    index, docs, _ = corpus
    node = parse_filter(expression)
    assert node is not None
    expected = {doc["id"] for doc in docs if evaluate(node, doc)}
    query = compile_filter(node, index.schema, PATTERNS)
    assert search_ids(index, query) == expected


def test_compile_rejects_unfilterable(
    corpus: tuple[tantivy.Index, list[dict[str, Any]], list[str]],
) -> None:
    index, _, _ = corpus
    node = parse_filter("color = red AND secret = 1")
    assert node is not None
    with pytest.raises(FilterError, match="Attribute `secret` is not filterable"):
        compile_filter(node, index.schema, PATTERNS)


def test_escape_regex() -> None:
    assert escape_regex("a.b*c") == "a\\.b\\*c"
    assert escape_regex("中 文") == "中 文"


def test_range_regex_matches_python_ordering() -> None:
    """Every bound combination over a small alphabet with edge code points, checked by tantivy."""
    rng = random.Random(7)
    alphabet = ["a", "b", "z", "\x00", "中", "\U0010ffff", ".", "é"]
    words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(400)}
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("t", stored=True, tokenizer_name="raw", index_option="basic")
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(15_000_000, 1)
    for word in words:
        doc = tantivy.Document()
        doc.add_text("t", word)
        writer.add_document(doc)
    writer.commit()
    index.reload()
    searcher = index.searcher()
    bounds = [*sorted(words)[:: max(1, len(words) // 12)], "", "b", "中"]
    for _ in range(150):
        low = rng.choice([*bounds, None])
        high = rng.choice([*bounds, None])
        incl_low, incl_high = rng.random() < 0.5, rng.random() < 0.5
        pattern = range_regex(low, high, incl_low, incl_high)
        expected = {
            w
            for w in words
            if (low is None or (w >= low if incl_low else w > low))
            and (high is None or (w <= high if incl_high else w < high))
        }
        if pattern is None:
            assert not expected, (low, high, incl_low, incl_high)
            continue
        hits = searcher.search(tantivy.Query.regex_query(schema, "t", pattern), len(words)).hits
        found = {searcher.doc(address)["t"][0] for _, address in hits}
        assert found == expected, (low, high, incl_low, incl_high, pattern)


LONG_CJK = "中" * (STRING_COMPARISON_LIMIT - 1)


@pytest.mark.parametrize(
    "expression",
    [
        f"name > '{'中' * STRING_COMPARISON_LIMIT}'",
        f"name <= '{'a' * STRING_COMPARISON_LIMIT}'",
        f"name 'b{LONG_CJK}' TO 'c{'é' * (STRING_COMPARISON_LIMIT - 1)}'",
        f"name CONTAINS '{'中' * 100}'",
        f"name STARTS WITH '{'中' * 100}'",
    ],
)
def test_long_values_within_limits_compile(
    corpus: tuple[tantivy.Index, list[dict[str, Any]], list[str]], expression: str
) -> None:
    index, docs, _ = corpus
    node = parse_filter(expression)
    assert node is not None
    expected = {doc["id"] for doc in docs if evaluate(node, doc)}
    assert search_ids(index, compile_filter(node, index.schema, PATTERNS)) == expected


def test_overlong_string_comparison_is_a_clear_error(
    corpus: tuple[tantivy.Index, list[dict[str, Any]], list[str]],
) -> None:
    index, _, _ = corpus
    node = parse_filter(f"name > '{'a' * 300}'")
    assert node is not None
    with pytest.raises(FilterError, match="too long for a string comparison"):
        compile_filter(node, index.schema, PATTERNS)
