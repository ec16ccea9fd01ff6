"""The filter AST shared by the parser, the Python evaluator and the tantivy compiler.

Nodes are frozen dataclasses; token positions (:class:`Span`) are kept for error messages but
ignored by ``==`` so tests can compare trees written by hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum

from souk.errors import Code, SoukException
from souk.text.normalize import normalize_text

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class FilterError(SoukException, ValueError):
    """An invalid filter, worded like Meilisearch.

    ``message`` is the full text Meilisearch returns: the diagnostic (``reason``), a newline,
    then ``"{start}:{end} {expression}"`` with 1-based columns. Errors about the shape of an
    array filter have no position (``start``/``end`` are ``None``) and no second line.
    """

    error_code = Code.INVALID_SEARCH_FILTER

    def __init__(
        self, reason: str, start: int | None = None, end: int | None = None, expression: str = ""
    ) -> None:
        self.reason = reason
        self.start = start
        self.end = end
        self.expression = expression
        self.message = reason if start is None else f"{reason}\n{start}:{end} {expression}"
        super().__init__(self.message)


def parse_number(text: str) -> float | None:
    """``text`` as a finite float when it is written as a decimal number, else ``None``."""
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text)
    return number if abs(number) != float("inf") else None


@dataclass(frozen=True)
class Span:
    """Where a token sits in the expression it was parsed from (0-based character offsets)."""

    start: int
    end: int
    source: str


_NO_SPAN = Span(0, 0, "")


@dataclass(frozen=True)
class Value:
    """A literal; ``number`` is set when it reads as a number, ``norm`` is its normalised form."""

    text: str
    number: float | None = field(init=False, compare=False, repr=False)
    norm: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "number", parse_number(self.text))
        object.__setattr__(self, "norm", normalize_text(self.text))


class Op(Enum):
    EQ = "="
    NE = "!="
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="
    EXISTS = "EXISTS"
    NULL = "IS NULL"
    EMPTY = "IS EMPTY"
    CONTAINS = "CONTAINS"
    STARTS_WITH = "STARTS WITH"


@dataclass(frozen=True)
class Condition:
    """``attr op value``; ``value`` is ``None`` for EXISTS, IS NULL and IS EMPTY."""

    attr: str
    op: Op
    value: Value | None = None
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Between:
    """``attr low TO high`` (both ends inclusive)."""

    attr: str
    low: Value
    high: Value
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class In:
    attr: str
    values: tuple[Value, ...]
    span: Span = field(default=_NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True)
class Not:
    child: FilterNode


@dataclass(frozen=True)
class And:
    children: tuple[FilterNode, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[FilterNode, ...]


FilterNode = Condition | Between | In | Not | And | Or
Leaf = Condition | Between | In


def escape_debug(text: str) -> str:
    """Rust's ``str::escape_debug``, which Meilisearch applies to quoted fragments."""
    out = []
    for ch in text:
        if ch in "\\'\"":
            out.append("\\" + ch)
        elif ch in "\n\r\t\0":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"):
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return "".join(out)


def error_at(source: str, start: int, end: int, reason: str) -> FilterError:
    """A :class:`FilterError` for ``source[start:end]`` (0-based offsets → 1-based columns)."""
    column = start - (source.rfind("\n", 0, start) + 1) + 1
    return FilterError(reason, column, column + (end - start), source)


def iter_leaves(node: FilterNode) -> Iterator[Leaf]:
    """The conditions of ``node`` in the order they were written."""
    if isinstance(node, Not):
        yield from iter_leaves(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from iter_leaves(child)
    else:
        yield node


def attributes(node: FilterNode) -> set[str]:
    """Every attribute the filter reads."""
    return {leaf.attr for leaf in iter_leaves(node)}


def is_filterable(attr: str, filterable: Sequence[str]) -> bool:
    """``attr`` equals a pattern, is nested under one (``a`` covers ``a.b``) or a pattern is ``*``.

    Patterns are matched literally otherwise (no globbing inside names).
    """
    return any(p == "*" or attr == p or attr.startswith(p + ".") for p in filterable)


def check_filterable(node: FilterNode, filterable: Sequence[str]) -> None:
    """Raise Meilisearch's "Attribute `x` is not filterable" error for the first offender."""
    for leaf in iter_leaves(node):
        if is_filterable(leaf.attr, filterable):
            continue
        reason = f"Attribute `{leaf.attr}` is not filterable."
        if filterable:
            listed = ", ".join(f"`{p}`" for p in sorted(set(filterable)))
            reason += f" Available filterable attribute patterns are: {listed}."
        else:
            reason += " This index does not have configured filterable attributes."
        span = leaf.span
        if not span.source:
            raise FilterError(reason, 1, 1 + len(leaf.attr), leaf.attr)
        raise error_at(span.source, span.start, span.end, reason)
