"""What a document exposes to filters: path lookup and the per-field index values."""

from __future__ import annotations

import tantivy

from souk.retrieval.filter_fields import (
    EMPTY_FIELD,
    EXISTS_FIELD,
    NULL_FIELD,
    add_filter_fields,
    add_filter_values,
    document_paths,
    expand_attributes,
    filter_values,
    leaves,
    lookup,
    number_field,
    string_field,
)


def test_field_names() -> None:
    assert string_field("category.lvl0") == "flt:category.lvl0"
    assert number_field("price") == "num:price"
    assert (EXISTS_FIELD, NULL_FIELD, EMPTY_FIELD) == ("_exists", "_null", "_empty")


def test_lookup_walks_objects_and_arrays() -> None:
    doc = {
        "a": {"b": [1, {"c": 2}]},
        "v": [{"s": "M"}, {"s": ["L", "XL"]}, {"t": 1}, 5],
        "x.y": "literal",
        "x": {"y": "nested"},
        "n": None,
    }
    assert lookup(doc, "a.b") == [[1, {"c": 2}]]
    assert lookup(doc, "a.b.c") == [2]
    assert lookup(doc, "v.s") == ["M", ["L", "XL"]]
    assert lookup(doc, "x.y") == ["literal", "nested"]
    assert lookup(doc, "n") == [None]
    assert lookup(doc, "n.z") == []
    assert lookup(doc, "missing") == []
    assert leaves([[1, [True, None]], {"o": 1}, "s", None]) == [1, True, "s"]


def test_filter_values() -> None:
    doc = {
        "color": ["Red", "ｒｅｄ", "Blue"],
        "price": 4.0,
        "rating": "4",
        "flag": True,
        "note": None,
        "tags": [],
        "big": 10**400,
        "cat": {"lvl0": "Shoes"},
    }
    values = filter_values(doc, ["color", "price", "rating", "flag", "note", "tags", "cat", "gone"])
    assert values[string_field("color")] == ["red", "blue"]
    assert values[string_field("price")] == ["4"]
    assert values[number_field("price")] == [4.0]
    assert values[string_field("rating")] == ["4"]
    assert number_field("rating") not in values
    assert values[string_field("flag")] == ["true"]
    assert number_field("flag") not in values
    assert string_field("note") not in values
    assert string_field("cat") not in values
    assert values[EXISTS_FIELD] == ["color", "price", "rating", "flag", "note", "tags", "cat"]
    assert values[NULL_FIELD] == ["note"]
    assert values[EMPTY_FIELD] == ["tags"]
    assert filter_values({"big": 10**400}, ["big"])[string_field("big")] == [str(10**400)]
    assert number_field("big") not in filter_values({"big": 10**400}, ["big"])


def test_schema_and_document() -> None:
    builder = tantivy.SchemaBuilder()
    add_filter_fields(builder, ["color", "price", "color"])
    schema = builder.build()
    doc = tantivy.Document()
    add_filter_values(doc, {"color": "Red", "price": 3}, ["color", "price"])
    index = tantivy.Index(schema)
    writer = index.writer(15_000_000, 1)
    writer.add_document(doc)
    writer.commit()
    index.reload()
    searcher = index.searcher()
    query = tantivy.Query.term_query(schema, string_field("color"), "red")
    assert len(searcher.search(query, 10).hits) == 1
    query = tantivy.Query.range_query(
        schema, number_field("price"), tantivy.FieldType.Float, 2.5, 3.5
    )
    assert len(searcher.search(query, 10).hits) == 1
    exists = tantivy.Query.term_query(schema, EXISTS_FIELD, "price")
    assert len(searcher.search(exists, 10).hits) == 1


def test_paths_and_expansion() -> None:
    doc = {"a": {"b": 1, "c": [{"d": 2}]}, "e": [], "f.g": 1}
    assert document_paths(doc) == {"a", "a.b", "a.c", "a.c.d", "e", "f.g"}
    paths = document_paths(doc)
    assert expand_attributes(["a", "zz"], paths) == ["a", "a.b", "a.c", "a.c.d", "zz"]
    assert expand_attributes(["*"], paths) == sorted(paths)
    assert expand_attributes(["a.c"], paths) == ["a.c", "a.c.d"]
