"""The values a document exposes to filters, for both the Python evaluator and the tantivy index.

This module is the contract between :mod:`souk.retrieval.filter_eval` (the reference semantics)
and the lexical index (:mod:`souk.retrieval.filter_tantivy` queries what is stored here). For a
filterable attribute path ``a`` the index has:

* ``flt:a`` — raw-tokenised text, one term per leaf value: ``normalize_value(v)`` for strings,
  booleans *and* numbers (so ``=`` and string comparisons see every leaf);
* ``num:a`` — float (indexed, fast), every finite numeric leaf (booleans are not numbers);
* ``_exists`` / ``_null`` / ``_empty`` — shared raw fields listing the attribute paths that are
  present / null / empty (``""``, ``[]`` or ``{}``) in the document.

Path lookup: at every object along the path each way of splitting the remaining path into a key
is tried (``{"a.b": 1}`` and ``{"a": {"b": 1}}`` both answer ``a.b``); arrays met on the way are
flattened, so a value matches when any element matches.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import tantivy

from souk.retrieval.filter_ast import is_filterable
from souk.text.normalize import normalize_value

STRING_PREFIX = "flt:"
NUMBER_PREFIX = "num:"
EXISTS_FIELD = "_exists"
NULL_FIELD = "_null"
EMPTY_FIELD = "_empty"
SHARED_FIELDS = (EXISTS_FIELD, NULL_FIELD, EMPTY_FIELD)

Scalar = str | bool | int | float


def string_field(attr: str) -> str:
    """The raw text field holding the normalised leaf values of ``attr``."""
    return STRING_PREFIX + attr


def number_field(attr: str) -> str:
    """The float field holding the numeric leaf values of ``attr``."""
    return NUMBER_PREFIX + attr


def lookup(doc: Mapping[str, Any], path: str) -> list[Any]:
    """Every raw value stored at dotted ``path`` (arrays on the way are flattened).

    An empty result means the attribute does not exist; ``[None]`` means it exists and is null.
    A value that is itself an array is returned as one item (see :func:`leaves`).
    """
    found: list[Any] = []
    _walk(doc, path.split("."), found)
    return found


def _walk(node: Any, parts: list[str], found: list[Any]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, parts, found)
        return
    if not isinstance(node, Mapping):
        return
    for cut in range(len(parts), 0, -1):
        key = ".".join(parts[:cut])
        if key in node:
            if cut == len(parts):
                found.append(node[key])
            else:
                _walk(node[key], parts[cut:], found)


def leaves(values: Iterable[Any]) -> list[Scalar]:
    """The scalar values inside ``values``: arrays are flattened, nulls and objects skipped."""
    out: list[Scalar] = []
    for value in values:
        if isinstance(value, list):
            out.extend(leaves(value))
        elif isinstance(value, str | bool | int | float):
            out.append(value)
    return out


def as_number(value: object) -> float | None:
    """``value`` as a finite float when it is a JSON number (not a bool), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def is_empty(value: object) -> bool:
    """Meilisearch's ``IS EMPTY``: an empty string, array or object."""
    return value == "" or (isinstance(value, list | Mapping) and len(value) == 0)


def filter_values(
    doc: Mapping[str, Any], attributes: Sequence[str]
) -> dict[str, list[str | float]]:
    """Field name → values to index for one document (fields without values are left out)."""
    out: dict[str, list[str | float]] = {}
    for attr in dict.fromkeys(attributes):
        raw = lookup(doc, attr)
        if not raw:
            continue
        out.setdefault(EXISTS_FIELD, []).append(attr)
        if any(value is None for value in raw):
            out.setdefault(NULL_FIELD, []).append(attr)
        if any(is_empty(value) for value in raw):
            out.setdefault(EMPTY_FIELD, []).append(attr)
        scalars = leaves(raw)
        strings = list(dict.fromkeys(normalize_value(value) for value in scalars))
        numbers = [n for n in dict.fromkeys(as_number(v) for v in scalars) if n is not None]
        if strings:
            out[string_field(attr)] = list(strings)
        if numbers:
            out[number_field(attr)] = list(numbers)
    return out


def add_filter_fields(builder: tantivy.SchemaBuilder, attributes: Sequence[str]) -> None:
    """Declare the filter fields for ``attributes`` (and the three shared fields) in a schema."""
    for attr in dict.fromkeys(attributes):
        builder.add_text_field(string_field(attr), tokenizer_name="raw", index_option="basic")
        builder.add_float_field(number_field(attr), indexed=True, fast=True)
    for name in SHARED_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")


def add_filter_values(
    document: tantivy.Document, doc: Mapping[str, Any], attributes: Sequence[str]
) -> None:
    """Add :func:`filter_values` of ``doc`` to a tantivy document."""
    for name, values in filter_values(doc, attributes).items():
        for value in values:
            if isinstance(value, float):
                document.add_float(name, value)
            else:
                document.add_text(name, value)


def document_paths(doc: Mapping[str, Any]) -> set[str]:
    """Every dotted attribute path in ``doc`` (objects are walked, arrays flattened)."""
    paths: set[str] = set()

    def visit(node: Any, prefix: str) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item, prefix)
        elif isinstance(node, Mapping):
            for key, value in node.items():
                path = f"{prefix}.{key}" if prefix else str(key)
                paths.add(path)
                visit(value, path)

    visit(doc, "")
    return paths


def expand_attributes(patterns: Sequence[str], paths: Iterable[str]) -> list[str]:
    """The concrete attribute paths to index for filterable ``patterns``.

    A pattern covers the attributes nested under it and ``*`` covers everything, but a tantivy
    schema needs one field per concrete path: pass every path seen in the documents (see
    :func:`document_paths`). Non-wildcard patterns are always included, seen or not.
    """
    chosen = {p for p in patterns if p != "*"}
    chosen.update(path for path in paths if is_filterable(path, patterns))
    return sorted(chosen)
