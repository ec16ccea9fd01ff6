"""Evaluate a filter AST against one JSON document: the reference semantics.

The lexical index (:mod:`souk.retrieval.filter_tantivy`) must return exactly the documents this
predicate accepts; the vector side and store-side checks call it directly. Values are read with
:mod:`souk.retrieval.filter_fields` so both sides see the same leaves.

* ``=``: numeric equality when the literal and the leaf are numbers, or equal
  ``normalize_value`` forms (``color = RED`` matches ``"red"``, ``in_stock = true`` matches
  ``True``, ``rating = 4`` matches ``4``, ``4.0`` and ``"4"``). ``!=`` is exactly ``NOT =``, so
  a document without the attribute matches it.
* ``> >= < <= TO``: numeric comparison of numeric leaves when the literal (both literals for
  ``TO``) is a number; otherwise code-point comparison of the ``normalize_value`` form of every
  leaf — strings, booleans and numbers alike, since that is what ``flt:`` fields hold.
* ``CONTAINS`` / ``STARTS WITH``: substring / prefix of the normalised form of every leaf.
* ``EXISTS``: the path is present (even if null); ``IS NULL``: a value is null;
  ``IS EMPTY``: a value is ``""``, ``[]`` or ``{}``; ``IN``: any value is ``=``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from souk.retrieval.filter_ast import (
    And,
    Between,
    Condition,
    FilterNode,
    In,
    Not,
    Op,
    Or,
    Value,
)
from souk.retrieval.filter_fields import Scalar, as_number, is_empty, leaves, lookup
from souk.text.normalize import normalize_value

_COMPARE: dict[Op, Callable[[Any, Any], bool]] = {
    Op.GT: operator.gt,
    Op.GE: operator.ge,
    Op.LT: operator.lt,
    Op.LE: operator.le,
}


def evaluate(node: FilterNode, doc: Mapping[str, Any]) -> bool:
    """Whether ``doc`` satisfies ``node``."""
    if isinstance(node, And):
        return all(evaluate(child, doc) for child in node.children)
    if isinstance(node, Or):
        return any(evaluate(child, doc) for child in node.children)
    if isinstance(node, Not):
        return not evaluate(node.child, doc)
    raw = lookup(doc, node.attr)
    if isinstance(node, In):
        scalars = leaves(raw)
        return any(_equals(leaf, value) for value in node.values for leaf in scalars)
    if isinstance(node, Between):
        return _between(leaves(raw), node.low, node.high)
    return _condition(node, raw)


def make_predicate(node: FilterNode | None) -> Callable[[Mapping[str, Any]], bool]:
    """A reusable ``doc -> bool`` for ``node`` (``None`` accepts every document)."""
    if node is None:
        return lambda _doc: True
    return lambda doc: evaluate(node, doc)


def _equals(leaf: Scalar, value: Value) -> bool:
    if value.number is not None and as_number(leaf) == value.number:
        return True
    return normalize_value(leaf) == value.norm


def _between(scalars: list[Scalar], low: Value, high: Value) -> bool:
    lo, hi = low.number, high.number
    if lo is not None and hi is not None:
        return any(n is not None and lo <= n <= hi for n in map(as_number, scalars))
    return any(low.norm <= normalize_value(leaf) <= high.norm for leaf in scalars)


def _condition(node: Condition, raw: list[Any]) -> bool:
    op, value = node.op, node.value
    if op is Op.EXISTS:
        return bool(raw)
    if op is Op.NULL:
        return any(item is None for item in raw)
    if op is Op.EMPTY:
        return any(is_empty(item) for item in raw)
    assert value is not None, f"{op} needs a value"
    scalars = leaves(raw)
    if op is Op.EQ:
        return any(_equals(leaf, value) for leaf in scalars)
    if op is Op.NE:
        return not any(_equals(leaf, value) for leaf in scalars)
    if op is Op.CONTAINS:
        return any(value.norm in normalize_value(leaf) for leaf in scalars)
    if op is Op.STARTS_WITH:
        return any(normalize_value(leaf).startswith(value.norm) for leaf in scalars)
    compare = _COMPARE[op]
    if value.number is not None:
        target = value.number
        return any(n is not None and compare(n, target) for n in map(as_number, scalars))
    return any(compare(normalize_value(leaf), value.norm) for leaf in scalars)
