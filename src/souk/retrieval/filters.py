"""Parse Meilisearch v1 filter expressions (string or array form) into the filter AST.

The parser follows the structure of Meilisearch's ``filter-parser`` crate (try each kind of
condition in turn, backtrack on recoverable errors, stop at "cut" points) so that error messages
and their ``start:end`` column spans match what Meilisearch clients expect. Deliberate
differences: keywords are case-insensitive, geo filters are rejected, and inside quotes only
``\\'``, ``\\"`` and ``\\\\`` are escapes (other backslashes are kept literally).

The AST and :class:`FilterError` live in :mod:`souk.retrieval.filter_ast` and are re-exported.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from souk.retrieval.filter_ast import (
    And,
    Between,
    Condition,
    FilterError,
    FilterNode,
    In,
    Leaf,
    Not,
    Op,
    Or,
    Span,
    Value,
    attributes,
    check_filterable,
    error_at,
    escape_debug,
    is_filterable,
    iter_leaves,
    parse_number,
)

__all__ = [
    "And",
    "Between",
    "Condition",
    "FilterError",
    "FilterNode",
    "In",
    "Leaf",
    "Not",
    "Op",
    "Or",
    "Span",
    "Value",
    "attributes",
    "check_filterable",
    "escape_debug",
    "is_filterable",
    "iter_leaves",
    "parse_expression",
    "parse_filter",
    "parse_number",
]

MAX_DEPTH = 150
_KEYWORDS = frozenset(
    ("AND", "OR", "IN", "NOT", "TO", "EXISTS", "IS", "NULL", "EMPTY", "CONTAINS", "STARTS", "WITH")
)
_GEO = frozenset(
    ["_geoRadius", "_geoBoundingBox", "_geoPolygon", "_geoPoint", "_geoDistance", "_geo"]
)
_OPERATIONS = (
    "Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN`, `TO`, `EXISTS`, "
    "`NOT EXISTS`, `IS NULL`, `IS NOT NULL`, `IS EMPTY`, `IS NOT EMPTY`, `CONTAINS`, "
    "`NOT CONTAINS`, `STARTS WITH`, `NOT STARTS WITH`, `_geoRadius`, `_geoBoundingBox` or "
    "`_geoPolygon`"
)
_DEPTH = (
    "The filter exceeded the maximum depth limit. Try rewriting the filter so that it contains "
    "fewer nested conditions."
)


_UNARY = frozenset({Op.EXISTS, Op.NULL, Op.EMPTY})
_KEYWORD_OPS: tuple[tuple[tuple[str, ...], Op, bool], ...] = (
    (("IS", "NULL"), Op.NULL, False),
    (("IS", "NOT", "NULL"), Op.NULL, True),
    (("IS", "EMPTY"), Op.EMPTY, False),
    (("IS", "NOT", "EMPTY"), Op.EMPTY, True),
    (("EXISTS",), Op.EXISTS, False),
    (("NOT", "EXISTS"), Op.EXISTS, True),
    (("CONTAINS",), Op.CONTAINS, False),
    (("NOT", "CONTAINS"), Op.CONTAINS, True),
    (("STARTS", "WITH"), Op.STARTS_WITH, False),
    (("NOT", "STARTS", "WITH"), Op.STARTS_WITH, True),
)


class _Backtrack(Exception):
    """A recoverable parse error: the caller may try another alternative."""

    def __init__(self, kind: str, reason: str, start: int, end: int) -> None:
        super().__init__(reason)
        self.kind, self.reason, self.start, self.end = kind, reason, start, end


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-."


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.n = len(source)

    # -- errors -----------------------------------------------------------------------------
    def fail(self, reason: str, start: int, end: int) -> FilterError:
        return error_at(self.s, start, end, reason)

    def cut(self, err: _Backtrack) -> FilterError:
        return self.fail(err.reason, err.start, err.end)

    def depth_check(self, pos: int, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _Backtrack("depth", _DEPTH, pos, self.n)

    # -- lexing helpers ---------------------------------------------------------------------
    def ws(self, pos: int) -> int:
        while pos < self.n and self.s[pos].isspace():
            pos += 1
        return pos

    def word_end(self, pos: int) -> int:
        while pos < self.n and _is_word_char(self.s[pos]):
            pos += 1
        return pos

    def keywords(self, pos: int, *words: str) -> int | None:
        """Match ``words`` (case-insensitive, whitespace-separated) at ``pos``; skip trailing ws."""
        for i, word in enumerate(words):
            if i and (pos >= self.n or not self.s[pos].isspace()):
                return None
            pos = self.ws(pos) if i else pos
            end = self.word_end(pos)
            if self.s[pos:end].upper() != word:
                return None
            pos = end
        return self.ws(pos)

    def check_geo(self, pos: int) -> None:
        end = self.word_end(pos)
        name = self.s[pos:end]
        if name not in _GEO:
            return
        paren = self.ws(end)
        if paren < self.n and self.s[paren] == "(":
            close = self.s.find(")", paren)
            end = self.n if close < 0 else close + 1
        raise self.fail(
            f"Geo filters are not supported: `{name}` cannot be used in a filter.", pos, end
        )

    # -- values -----------------------------------------------------------------------------
    def value(self, pos: int) -> tuple[str, Span, int]:
        """``WS* (word | 'quoted' | "quoted") WS*`` → (text, span, next position)."""
        p = self.ws(pos)
        self.check_geo(p)
        if p < self.n and self.s[p] in "'\"":
            return self.quoted(p)
        end = self.word_end(p)
        word = self.s[p:end]
        if word and word.upper() not in _KEYWORDS:
            return word, Span(p, end, self.s), self.ws(end)
        bad_end = p
        while bad_end < self.n and not (self.s[bad_end].isspace() or self.s[bad_end] in "()=<>!"):
            bad_end += 1
        bad = escape_debug(self.s[p:bad_end])
        if word:
            reason = (
                f"Was expecting a value but instead got `{bad}`, which is a reserved keyword. "
                f"To use `{bad}` as a field name or a value, surround it by quotes."
            )
            raise _Backtrack("reserved", reason, p, bad_end)
        if not bad.strip():
            raise _Backtrack("value", "Was expecting a value but instead got nothing.", p, p)
        raise _Backtrack("value", f"Was expecting a value but instead got `{bad}`.", p, bad_end)

    def quoted(self, p: int) -> tuple[str, Span, int]:
        quote, i, out = self.s[p], p + 1, list[str]()
        while i < self.n:
            ch = self.s[i]
            if ch == quote:
                return "".join(out), Span(p + 1, i, self.s), self.ws(i + 1)
            if ch == "\\":
                if i + 1 >= self.n:
                    rest = escape_debug(self.s[p + 1 :])
                    raise self.fail(f"Malformed value: `{rest}`.", p + 1, self.n)
                nxt = self.s[i + 1]
                out.append(nxt if nxt in (quote, "\\") else ch + nxt)
                i += 2
                continue
            out.append(ch)
            i += 1
        reason = (
            f"Expression `{escape_debug(self.s[p:])}` is missing the following closing "
            f"delimiter: `{quote}`."
        )
        raise self.fail(reason, p, self.n)

    def required_value(self, pos: int) -> tuple[Value, int]:
        try:
            text, _, end = self.value(pos)
        except _Backtrack as err:
            raise self.cut(err) from None
        return Value(text), end

    # -- grammar ----------------------------------------------------------------------------
    def expression(self, pos: int, depth: int) -> tuple[FilterNode, int]:
        return self.chain(pos, depth, "OR", Or, self.and_)

    def and_(self, pos: int, depth: int) -> tuple[FilterNode, int]:
        return self.chain(pos, depth, "AND", And, self.not_)

    def chain(
        self,
        pos: int,
        depth: int,
        keyword: str,
        make: Callable[[tuple[FilterNode, ...]], FilterNode],
        inner: Callable[[int, int], tuple[FilterNode, int]],
    ) -> tuple[FilterNode, int]:
        self.depth_check(pos, depth)
        node, pos = inner(pos, depth + 1)
        nodes = [node]
        while (after := self.keywords(self.ws(pos), keyword)) is not None:
            try:
                node, pos = inner(after, depth + 1)
            except _Backtrack as err:
                raise self.cut(err) from None
            nodes.append(node)
        return (nodes[0] if len(nodes) == 1 else make(tuple(nodes))), pos

    def not_(self, pos: int, depth: int) -> tuple[FilterNode, int]:
        self.depth_check(pos, depth)
        after = self.keywords(self.ws(pos), "NOT")
        if after is None:
            return self.primary(pos, depth + 1)
        try:
            child, end = self.not_(after, depth + 1)
        except _Backtrack as err:
            raise self.cut(err) from None
        return (child.child if isinstance(child, Not) else Not(child)), end

    def primary(self, pos: int, depth: int) -> tuple[FilterNode, int]:
        self.depth_check(pos, depth)
        p = self.ws(pos)
        if p < self.n and self.s[p] == "(":
            try:
                node, q = self.expression(self.ws(p + 1), depth + 1)
            except _Backtrack as err:
                raise self.cut(err) from None
            q = self.ws(q)
            if q >= self.n or self.s[q] != ")":
                reason = (
                    f"Expression `{escape_debug(self.s[pos:])}` is missing the following "
                    "closing delimiter: `)`."
                )
                raise self.fail(reason, pos, self.n)
            return node, self.ws(q + 1)
        self.check_geo(p)
        for alternative in (self.in_, self.condition, self.keyword_op, self.to):
            try:
                return alternative(pos)
            except _Backtrack:
                pass
        try:
            self.condition(pos)
        except _Backtrack as err:
            if err.kind == "reserved":
                raise self.cut(err) from None
        rest = self.s[pos:]
        tail = "but instead got nothing." if not rest.strip() else f"at `{escape_debug(rest)}`."
        raise _Backtrack("primary", f"{_OPERATIONS} {tail}", pos, self.n)

    def in_(self, pos: int) -> tuple[FilterNode, int]:
        attr, span, p = self.value(pos)
        q = self.keywords(p, "IN")
        negate = q is None
        if negate and (q := self.keywords(p, "NOT", "IN")) is None:
            raise _Backtrack("op", "", p, p)
        assert q is not None
        values, end = self.in_body(q)
        node = In(attr, tuple(values), span)
        return (Not(node) if negate else node), end

    def in_body(self, q: int) -> tuple[list[Value], int]:
        if q >= self.n or self.s[q] != "[":
            raise self.fail("Expected `[` after `IN` keyword.", q, self.n)
        values: list[Value] = []
        q += 1
        while True:
            try:
                text, _, after = self.value(q)
            except _Backtrack:
                break
            values.append(Value(text))
            q = after
            comma = self.ws(q)
            if comma >= self.n or self.s[comma] != ",":
                break
            q = self.ws(comma + 1)
        close = self.ws(q)
        if close < self.n and self.s[close] == "]":
            return values, self.ws(close + 1)
        if q >= self.n:
            raise self.fail(
                "Expected matching `]` after the list of field names given to `IN[`", q, q
            )
        reason = (
            "Expected only comma-separated field names inside `IN[..]` but instead found "
            f"`{escape_debug(self.s[q:])}`."
        )
        raise self.fail(reason, q, self.n)

    def condition(self, pos: int) -> tuple[FilterNode, int]:
        attr, span, p = self.value(pos)
        for symbol in ("<=", ">=", "!=", "<", ">", "="):
            if self.s.startswith(symbol, p):
                value, end = self.required_value(p + len(symbol))
                return Condition(attr, Op(symbol), value, span), end
        raise _Backtrack("op", "", p, p)

    def to(self, pos: int) -> tuple[FilterNode, int]:
        attr, span, p = self.value(pos)
        low, _, p = self.value(p)
        end = self.word_end(p)
        if self.s[p:end].upper() != "TO" or end >= self.n or not self.s[end].isspace():
            raise _Backtrack("op", "", p, p)
        high, after = self.required_value(end)
        return Between(attr, Value(low), high, span), after

    def keyword_op(self, pos: int) -> tuple[FilterNode, int]:
        """``EXISTS``, ``IS [NOT] NULL|EMPTY``, ``[NOT] CONTAINS v``, ``[NOT] STARTS WITH v``..."""
        attr, span, p = self.value(pos)
        for words, op, negate in _KEYWORD_OPS:
            if (q := self.keywords(p, *words)) is None:
                continue
            value, end = (None, q) if op in _UNARY else self.required_value(q)
            node = Condition(attr, op, value, span)
            return (Not(node) if negate else node), end
        raise _Backtrack("op", "", p, p)

    def parse(self) -> FilterNode:
        try:
            node, pos = self.expression(0, 0)
        except _Backtrack as err:
            raise self.cut(err) from None
        pos = self.ws(pos)
        if pos != self.n:
            reason = (
                "Found unexpected characters at the end of the filter: "
                f"`{escape_debug(self.s[pos:])}`. You probably forgot an `OR` or an `AND` rule."
            )
            raise self.fail(reason, pos, self.n)
        return node


def parse_expression(expression: str) -> FilterNode | None:
    """Parse one filter string; a blank string means "no filter" (``None``)."""
    if not expression.strip():
        return None
    return _Parser(expression).parse()


_SHOWN_CHARS = 200


def _json(value: object) -> str:
    """``value`` as JSON for an error message, cut short (a deeply nested array is shown as
    its first characters, never recursed into past what is shown)."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    except (RecursionError, ValueError):
        text = ""
    if not text or len(text) > _SHOWN_CHARS:
        head = text[:_SHOWN_CHARS] if text else _outline(value)
        return head + "…"
    return text


def _outline(value: object) -> str:
    """The opening brackets of a nested array (what json.dumps could not print)."""
    opened = ""
    while isinstance(value, list | tuple) and len(opened) < _SHOWN_CHARS:
        opened += "["
        value = value[0] if value else None
    return opened


def _shape_error(expected: str, found: object) -> FilterError:
    return FilterError(
        f"Invalid syntax for the filter parameter: `expected {expected}, found: {_json(found)}`."
    )


def parse_filter(filter_: object) -> FilterNode | None:
    """Parse a ``filter`` search parameter: a string, an array form, or ``None``.

    In the array form the outer list is AND and an inner list is OR
    (``["color = red", ["size = M", "size = L"]]``). Empty strings and lists mean no filter.
    """
    if filter_ is None:
        return None
    if isinstance(filter_, str):
        return parse_expression(filter_)
    if not isinstance(filter_, list | tuple):
        raise _shape_error("String, Array", filter_)
    for item in filter_:
        if isinstance(item, list | tuple):
            for sub in item:
                if not isinstance(sub, str):
                    raise _shape_error("String", sub)
        elif not isinstance(item, str):
            raise _shape_error("String, [String]", item)
    ands: list[FilterNode] = []
    for item in filter_:
        group = [item] if isinstance(item, str) else list(item)
        ors = [node for text in group if (node := parse_expression(text)) is not None]
        if ors:
            ands.append(ors[0] if len(ors) == 1 else Or(tuple(ors)))
    if not ands:
        return None
    return ands[0] if len(ands) == 1 else And(tuple(ands))
