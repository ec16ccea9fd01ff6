"""Price bounds in English and Chinese: "under $80", "between 20 and 40", "100元以下", "50到100元".

A number is only read as a price with a price cue (a currency sign or word, or a bound word
such as "under"/"以下") and never when a measurement unit follows it ("under 5 lbs",
"iphone 15", "2x4", "size 36" give nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"(\d+(?:[.,]\d+)?)"
_CUR = r"(?:\$|us\$|usd\s*|¥|￥|rmb\s*|cny\s*|€|£)"
_SUF = r"(?:\s*(?:dollars?|bucks|usd|yuan|rmb|euros?|元|块钱|块|刀))"
_ZH_SUF = r"(?:\s*(?:元|块钱|块|rmb))"
# a unit right after a number means a measurement, not a price
_UNIT = (
    r"(?:\s*(?:inch(?:es)?|in\b|ft\b|feet|foot|cm\b|mm\b|m\b|kg\b|g\b|lbs?\b|oz\b|ml\b|l\b|gb\b|"
    r"tb\b|mah\b|w\b|v\b|mp\b|hz\b|pcs\b|pack\b|x\d|码|寸|英寸|米|厘米|毫米|斤|公斤|克|毫升|升|件|"
    r"个|只|双|岁))"
)


@dataclass(frozen=True)
class PriceBound:
    """``low``/``high`` (None = open), the operators they use, where in the text, and how sure."""

    low: float | None
    high: float | None
    low_op: str
    high_op: str
    start: int
    end: int
    confidence: float


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _range(m: re.Match[str], confidence: float) -> PriceBound:
    a, b = sorted((_number(m.group(1)), _number(m.group(2))))
    return PriceBound(a, b, ">=", "<=", m.start(), m.end(), confidence)


def _upper(m: re.Match[str], op: str, confidence: float) -> PriceBound:
    return PriceBound(None, _number(m.group(1)), "", op, m.start(), m.end(), confidence)


def _lower(m: re.Match[str], op: str, confidence: float) -> PriceBound:
    return PriceBound(_number(m.group(1)), None, op, "", m.start(), m.end(), confidence)


def _around(m: re.Match[str], confidence: float) -> PriceBound:
    value = _number(m.group(1))
    return PriceBound(
        round(value * 0.8, 2), round(value * 1.2, 2), ">=", "<=", m.start(), m.end(), confidence
    )


def _has_currency(fragment: str) -> bool:
    return re.search(rf"{_CUR}|{_SUF}", fragment) is not None


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Chinese ranges: 50到100元, 50-100块, 50至100元之间
    (re.compile(rf"{_NUM}{_ZH_SUF}?\s*(?:到|至|-|~|～|—)\s*{_NUM}{_ZH_SUF}(?:之间)?"), "range"),
    # English ranges: between $20 and $40, from 20 to 40 dollars, $20-$40, 20-40 dollars
    (
        re.compile(
            rf"\bbetween\s*{_CUR}?\s*{_NUM}{_SUF}?\s*(?:and|to|-|–)\s*{_CUR}?\s*{_NUM}{_SUF}?"
        ),
        "range",
    ),
    (re.compile(rf"\bfrom\s*{_CUR}\s*{_NUM}\s*(?:to|-|–)\s*{_CUR}?\s*{_NUM}{_SUF}?"), "range"),
    (re.compile(rf"{_CUR}\s*{_NUM}\s*(?:-|–|to)\s*{_CUR}?\s*{_NUM}{_SUF}?"), "range"),
    (re.compile(rf"\b{_NUM}\s*(?:-|–|to)\s*{_NUM}{_SUF}"), "range"),
    (re.compile(rf"(?:价格|价位|预算)\s*{_NUM}\s*(?:到|至|-|~|—)\s*{_NUM}{_ZH_SUF}?"), "range"),
    # Chinese bounds
    (
        re.compile(rf"{_NUM}{_ZH_SUF}?\s*(?:以下|以内|之内|及以下|内)(?:的)?"),
        "upper_zh",
    ),
    (
        re.compile(rf"(?:低于|少于|不超过|不到|不高于|小于|最多|预算)\s*{_NUM}{_ZH_SUF}?"),
        "upper_zh",
    ),
    (re.compile(rf"{_NUM}{_ZH_SUF}?\s*(?:以上|起)(?:的)?"), "lower_zh"),
    (re.compile(rf"(?:高于|超过|大于|不低于|至少)\s*{_NUM}{_ZH_SUF}?"), "lower_zh"),
    (re.compile(rf"{_NUM}{_ZH_SUF}\s*(?:左右|上下)"), "around_zh"),
    (re.compile(rf"(?:大约|大概|约)\s*{_NUM}{_ZH_SUF}"), "around_zh"),
    # English bounds
    (
        re.compile(
            rf"\b(?:under|below|less than|cheaper than|lower than|beneath)\s*{_CUR}?\s*{_NUM}"
            rf"{_SUF}?"
        ),
        "upper_lt",
    ),
    (
        re.compile(
            rf"\b(?:up to|no more than|not more than|at most|max(?:imum)?|within|budget(?: of)?)"
            rf"\s*{_CUR}?\s*{_NUM}{_SUF}?"
        ),
        "upper_le",
    ),
    (re.compile(rf"<=?\s*{_CUR}?\s*{_NUM}{_SUF}?"), "upper_lt"),
    (
        re.compile(
            rf"\b(?:over|above|more than|higher than|pricier than)\s*{_CUR}?\s*{_NUM}{_SUF}?"
        ),
        "lower_gt",
    ),
    (
        re.compile(rf"\b(?:at least|min(?:imum)?|starting at|from)\s*{_CUR}?\s*{_NUM}{_SUF}?"),
        "lower_ge",
    ),
    (re.compile(rf">=?\s*{_CUR}?\s*{_NUM}{_SUF}?"), "lower_gt"),
    (
        re.compile(rf"\b(?:around|about|approximately|roughly|~)\s*{_CUR}?\s*{_NUM}{_SUF}?"),
        "around",
    ),
]


def extract_prices(text: str) -> list[PriceBound]:
    """Every price bound in folded (lower-case) ``text``, earliest first, none overlapping."""
    found: list[PriceBound] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            if re.match(_UNIT, text[m.end() :]):
                continue
            fragment = m.group(0)
            currency = _has_currency(fragment)
            bound = _bound(m, kind, currency, fragment)
            if bound is None:
                continue
            found.append(bound)
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda b: b.start)


def _bound(m: re.Match[str], kind: str, currency: bool, fragment: str) -> PriceBound | None:
    sure = 0.95 if currency else 0.8
    if kind == "range":
        return _range(m, 0.95 if currency or "between" in fragment else 0.85)
    if kind == "upper_zh":
        return _upper(m, "<=", sure)
    if kind == "lower_zh":
        return _lower(m, ">=", sure)
    if kind == "around_zh":
        return _around(m, 0.85)
    if kind == "upper_lt":
        return _upper(m, "<", sure)
    if kind == "upper_le":
        return _upper(m, "<=", sure)
    if kind == "lower_gt":
        return _lower(m, ">", sure)
    if kind == "lower_ge":
        # "from 20" is only a price with a currency
        if fragment.startswith("from") and not currency:
            return None
        return _lower(m, ">=", sure)
    if kind == "around":
        return _around(m, 0.8 if currency else 0.6)
    return None
