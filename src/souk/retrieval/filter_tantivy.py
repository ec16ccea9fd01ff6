"""Compile a filter AST into a ``tantivy.Query`` over the fields of :mod:`filter_fields`.

The query matches exactly the documents :func:`souk.retrieval.filter_eval.evaluate` accepts
(the big randomized test checks this). Mapping:

* ``=``: term on ``flt:a`` OR (numeric literal) a ``[x, x]`` range on ``num:a``;
* numeric ``> >= < <= TO``: ``Query.range_query`` on ``num:a``;
* string ``> >= < <= TO``: tantivy 0.27's Python ``range_query`` rejects text fields, so the
  ordered range is spelled as a regex over raw terms (see :func:`range_regex`). Terms are whole
  normalised values and code-point order equals UTF-8 byte order, so the regex selects exactly
  the terms inside the bounds. tantivy caps a regex automaton at 1000 states, so very long
  bounds (over ~35-50 characters) raise ``FilterError`` instead of running;
* ``CONTAINS`` / ``STARTS WITH``: regex queries with the literal escaped;
* ``EXISTS`` / ``IS NULL`` / ``IS EMPTY``: terms on the shared ``_exists``/``_null``/``_empty``;
* ``NOT x``: ``all_query`` MUST + ``x`` MUST_NOT.

An attribute that passes :func:`check_filterable` but has no field in the schema was seen in no
document (the index declares a field for every concrete path), so it behaves as absent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import tantivy
from tantivy import FieldType, Occur, Query

from souk.retrieval.filter_ast import (
    And,
    Between,
    Condition,
    FilterError,
    FilterNode,
    In,
    Not,
    Op,
    Or,
    Value,
    check_filterable,
)
from souk.retrieval.filter_fields import (
    EMPTY_FIELD,
    EXISTS_FIELD,
    NULL_FIELD,
    number_field,
    string_field,
)

_ANY = "(?s:.)"
# Longest bound every string comparison compiles with (measured: `>` fails from ~50 ASCII
# characters, `a TO b` from ~35 CJK characters, `CONTAINS` from ~160 CJK characters).
STRING_COMPARISON_LIMIT = 30
_MAX_CODEPOINT = 0x10FFFF
_REGEX_META = frozenset("\\.+*?()|[]{}^$#&-~")
_SHARED = {Op.EXISTS: EXISTS_FIELD, Op.NULL: NULL_FIELD, Op.EMPTY: EMPTY_FIELD}


def compile_filter(
    node: FilterNode, schema: tantivy.Schema, filterable: Sequence[str]
) -> tantivy.Query:
    """The tantivy query for ``node``.

    Raises ``FilterError`` for non-filterable attributes and over-long string comparison bounds.
    """
    check_filterable(node, filterable)
    return _Compiler(schema).compile(node)


def escape_regex(text: str) -> str:
    """Escape ``text`` for tantivy's (Rust ``regex-syntax``) patterns."""
    return "".join("\\" + ch if ch in _REGEX_META else ch for ch in text)


def _class(lo: int, hi: int) -> str:
    return f"[\\x{{{lo:X}}}-\\x{{{hi:X}}}]"


def _alternatives(options: list[str]) -> str | None:
    return f"(?:{'|'.join(options)})" if options else None


def _branching(bound: str, innermost: str | None, side: Callable[[int], str | None]) -> str | None:
    """``(?:b0(?:b1(?:…innermost…)|S1)|S0)``: follow ``bound`` char by char or leave it via S_i.

    Callers append one shared tail after this; a flat alternation with a tail per branch
    compiles to far more automaton states (tantivy caps a regex at 1000 states).
    """
    inner = innermost
    for ch in reversed(bound):
        options = [] if inner is None else [escape_regex(ch) + inner]
        if (leave := side(ord(ch))) is not None:
            options.append(leave)
        inner = _alternatives(options)
    return inner


def _at_least(bound: str, inclusive: bool) -> str | None:
    """Strings ``>= bound`` (or ``> bound``): ``bound`` then anything, or a larger char at i."""
    head = _branching(
        bound,
        "" if inclusive else _ANY,
        lambda c: _class(c + 1, _MAX_CODEPOINT) if c < _MAX_CODEPOINT else None,
    )
    return None if head is None else head + _ANY + "*"


def _prefixes(text: str) -> str:
    """Every prefix of ``text``, the empty string included: ``(?:a(?:b)?)?``."""
    pattern = ""
    for ch in reversed(text):
        pattern = f"(?:{escape_regex(ch)}{pattern})?"
    return pattern


def _at_most(bound: str, inclusive: bool, allow_empty: bool = True) -> str | None:
    """Strings ``<= bound`` (or ``<``): prefixes of ``bound``, or a smaller char at i."""
    if not bound:
        return "(?:)" if inclusive and allow_empty else None
    kept = bound if inclusive else bound[:-1]
    options = []
    if allow_empty:
        options.append(_prefixes(kept))
    elif kept:
        options.append(escape_regex(kept[0]) + _prefixes(kept[1:]))
    below = _branching(bound, None, lambda c: _class(0, c - 1) if c > 0 else None)
    if below is not None:
        options.append(below + _ANY + "*")
    return _alternatives(options)


def range_regex(
    low: str | None, high: str | None, low_inclusive: bool = True, high_inclusive: bool = True
) -> str | None:
    """A regex matching exactly the strings between ``low`` and ``high`` (code-point order).

    ``None`` bounds are open; returns ``None`` when no string can match. Strings between two
    bounds share their common prefix, so the pattern is that prefix followed by: (lower bound's
    next char, then >= its rest) | (a char strictly between) | (upper bound's char, then <= rest).
    """
    if low is None and high is None:
        return _ANY + "*"
    if high is None:
        return _at_least(low or "", low_inclusive)
    if low is None:
        return _at_most(high, high_inclusive)
    if low > high or (low == high and not (low_inclusive and high_inclusive)):
        return None
    if low == high:
        return escape_regex(low)
    common = 0
    while common < len(low) and low[common] == high[common]:
        common += 1
    rest_low, rest_high = low[common:], high[common:]
    if not rest_low:
        inner = _at_most(rest_high, high_inclusive, allow_empty=low_inclusive)
    else:
        first_low, first_high = ord(rest_low[0]), ord(rest_high[0])
        options = []
        above = _at_least(rest_low[1:], low_inclusive)
        if above is not None:
            options.append(escape_regex(rest_low[0]) + above)
        if first_low + 1 <= first_high - 1:
            options.append(_class(first_low + 1, first_high - 1) + _ANY + "*")
        below = _at_most(rest_high[1:], high_inclusive)
        if below is not None:
            options.append(escape_regex(rest_high[0]) + below)
        inner = _alternatives(options)
    return None if inner is None else escape_regex(low[:common]) + inner


class _Compiler:
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema
        self._known: dict[str, bool] = {}

    def has_field(self, name: str) -> bool:
        """tantivy's Python ``Schema`` cannot list fields, so probe with a term query."""
        if name not in self._known:
            try:
                Query.term_query(self.schema, name, "", index_option="basic")
                self._known[name] = True
            except ValueError:
                self._known[name] = False
        return self._known[name]

    def compile(self, node: FilterNode) -> Query:
        if isinstance(node, And):
            return Query.boolean_query([(Occur.Must, self.compile(c)) for c in node.children])
        if isinstance(node, Or):
            return Query.boolean_query([(Occur.Should, self.compile(c)) for c in node.children])
        if isinstance(node, Not):
            return self.negate(self.compile(node.child))
        if isinstance(node, In):
            return self.any_of([self.equals(node.attr, value) for value in node.values])
        if isinstance(node, Between):
            return self.between(node.attr, node.low, node.high)
        return self.condition(node)

    @staticmethod
    def negate(query: Query) -> Query:
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, query)])

    @staticmethod
    def any_of(queries: list[Query]) -> Query:
        if not queries:
            return Query.empty_query()
        if len(queries) == 1:
            return queries[0]
        return Query.boolean_query([(Occur.Should, q) for q in queries])

    def term(self, field: str, text: str) -> Query:
        if not self.has_field(field):
            return Query.empty_query()
        return Query.term_query(self.schema, field, text, index_option="basic")

    def regex(self, attr: str, pattern: str | None) -> Query:
        field = string_field(attr)
        if pattern is None or not self.has_field(field):
            return Query.empty_query()
        try:
            return Query.regex_query(self.schema, field, pattern)
        except ValueError as exc:  # the automaton outgrew tantivy's limits (1000 states)
            raise FilterError(
                f"The value compared with `{attr}` is too long for a string comparison "
                f"(at most {STRING_COMPARISON_LIMIT} characters are always accepted)."
            ) from exc

    def numbers(
        self, attr: str, low: float | None, high: float | None, incl_low: bool, incl_high: bool
    ) -> Query:
        if not self.has_field(string_field(attr)):
            return Query.empty_query()
        if low is not None and high is not None and (low > high or (low == high and not incl_low)):
            return Query.empty_query()
        return Query.range_query(
            self.schema, number_field(attr), FieldType.Float, low, high, incl_low, incl_high
        )

    def equals(self, attr: str, value: Value) -> Query:
        queries = [self.term(string_field(attr), value.norm)]
        if value.number is not None:
            queries.append(self.numbers(attr, value.number, value.number, True, True))
        return self.any_of(queries)

    def between(self, attr: str, low: Value, high: Value) -> Query:
        if low.number is not None and high.number is not None:
            return self.numbers(attr, low.number, high.number, True, True)
        return self.regex(attr, range_regex(low.norm, high.norm))

    def condition(self, node: Condition) -> Query:
        op, value, attr = node.op, node.value, node.attr
        if op in _SHARED:
            return self.term(_SHARED[op], attr)
        assert value is not None, f"{op} needs a value"
        if op is Op.EQ:
            return self.equals(attr, value)
        if op is Op.NE:
            return self.negate(self.equals(attr, value))
        if op is Op.CONTAINS:
            return self.regex(attr, _ANY + "*" + escape_regex(value.norm) + _ANY + "*")
        if op is Op.STARTS_WITH:
            return self.regex(attr, escape_regex(value.norm) + _ANY + "*")
        number, lower = value.number, op in (Op.GT, Op.GE)
        inclusive = op in (Op.GE, Op.LE)
        if number is not None:
            if lower:
                return self.numbers(attr, number, None, inclusive, True)
            return self.numbers(attr, None, number, True, inclusive)
        if lower:
            return self.regex(attr, range_regex(value.norm, None, low_inclusive=inclusive))
        return self.regex(attr, range_regex(None, value.norm, high_inclusive=inclusive))
