"""Rules that turn a shopping query into filters, a sort and a rewritten query.

Order of work: price bounds, sort intents, then facet values the index holds — sizes, brands,
colours, audiences (men/women/kids…) and categories — longest phrases first, each span of the
query used once. Every finding carries a confidence; those at or above
:data:`APPLY_THRESHOLD` are applied. Matched price, sort, size, brand, colour and audience words
leave the query (the filter says it now); English category words stay, because they also
rank, while Chinese category words translated to an English value leave it.

An LLM may later propose findings for what rules miss (the assistant issue); it would plug in
as another producer of :class:`UnderstoodFilter` checked against the same vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from souk.search.understand.lexicon import (
    AUDIENCES,
    CATEGORY_ZH,
    COLOURS,
    PRICE_ATTRIBUTES,
    SIZE_CUES,
    SIZE_SUFFIXES,
    SORT_ATTRIBUTES,
    SORT_PHRASES,
)
from souk.search.understand.price import extract_prices
from souk.search.understand.vocabulary import IndexVocabulary
from souk.text.analyzer import stem
from souk.text.stopwords import ENGLISH_STOPWORDS
from souk.text.tokenize import fold_text, is_cjk

APPLY_THRESHOLD = 0.6

BRAND_ATTRIBUTES = ("brand", "brands", "manufacturer", "vendor", "maker")
COLOUR_ATTRIBUTES = ("color", "colour", "colors", "colours")
AUDIENCE_ATTRIBUTES = ("gender", "audience", "department", "for", "age_group")
CATEGORY_ATTRIBUTES = (
    "subcategory",
    "sub_category",
    "category",
    "categories",
    "product_type",
    "type",
    "department",
)
SIZE_ATTRIBUTES = ("size", "sizes")
_FILLERS = frozenset(
    {"for", "in", "of", "with", "the", "a", "an", "and", "color", "colour", "price", "priced"}
    | {
        "size",
        "的",
        "色",
        "颜色",
        "价格",
        "款",
        "要",
        "买",
        "我想买",
        "我要",
        "找",
        "有没有",
        "一些",
    }
)
_LETTER_SIZES = frozenset({"xxs", "xs", "xl", "xxl", "xxxl", "2xl", "3xl"})


@dataclass
class UnderstoodFilter:
    attribute: str
    expression: str
    text: str
    confidence: float

    @property
    def applied(self) -> bool:
        return self.confidence >= APPLY_THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "filter": self.expression,
            "text": self.text,
            "confidence": round(self.confidence, 2),
            "applied": self.applied,
        }


@dataclass
class UnderstoodSort:
    sort: str
    text: str
    confidence: float

    @property
    def applied(self) -> bool:
        return self.confidence >= APPLY_THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        return {
            "sort": self.sort,
            "text": self.text,
            "confidence": round(self.confidence, 2),
            "applied": self.applied,
        }


@dataclass
class Understanding:
    original: str
    query: str
    filters: list[UnderstoodFilter] = field(default_factory=list)
    sort: list[UnderstoodSort] = field(default_factory=list)

    @property
    def filter_expressions(self) -> list[str]:
        return [f.expression for f in self.filters if f.applied]

    @property
    def sort_expressions(self) -> list[str]:
        return [s.sort for s in self.sort if s.applied]

    def to_dict(self) -> dict[str, Any]:
        return {
            "originalQuery": self.original,
            "query": self.query,
            "filters": [f.to_dict() for f in self.filters],
            "sort": [s.to_dict() for s in self.sort],
        }


def quote(value: str) -> str:
    """A Meilisearch filter string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _Text:
    """The folded query with the spans already used."""

    def __init__(self, query: str) -> None:
        self.text = fold_text(query)
        self.used: list[tuple[int, int, bool]] = []  # (start, end, keep words in the query)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e, _ in self.used)

    def take(self, start: int, end: int, *, keep: bool = False) -> None:
        self.used.append((start, end, keep))

    def find(self, phrase: str) -> list[tuple[int, int]]:
        """Free occurrences of ``phrase`` on word boundaries (any position for CJK)."""
        phrase = fold_text(phrase).strip()
        if not phrase:
            return []
        if is_cjk(phrase[0]) and is_cjk(phrase[-1]):
            pattern = re.escape(phrase)
        else:
            pattern = r"(?<![\w'])" + re.escape(phrase).replace(r"\ ", r"[\s\-]+") + r"(?![\w'])"
        return [
            (m.start(), m.end())
            for m in re.finditer(pattern, self.text)
            if self.free(m.start(), m.end())
        ]

    def rewritten(self) -> str:
        pieces: list[str] = []
        last = 0
        for start, end, keep in sorted(self.used):
            pieces.append(self.text[last:start])
            pieces.append(self.text[start:end] if keep else " ")
            last = max(last, end)
        pieces.append(self.text[last:])
        words = " ".join(pieces).split()
        removed = any(not keep for _, _, keep in self.used)
        if removed:
            words = [w for w in words if w not in _FILLERS]
        return " ".join(words)


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in re.findall(r"[a-z0-9]+", fold_text(text)))


def understand(query: str, vocabulary: IndexVocabulary) -> Understanding:
    text = _Text(query)
    filters: list[UnderstoodFilter] = []
    sorts: list[UnderstoodSort] = []
    _prices(text, vocabulary, filters)
    _sorts(text, vocabulary, sorts)
    _sizes(text, vocabulary, filters)
    _brands(text, vocabulary, filters)
    _colours(text, vocabulary, filters)
    _audiences(text, vocabulary, filters)
    _categories(text, vocabulary, filters)
    return Understanding(query, text.rewritten(), filters, sorts)


def _prices(text: _Text, vocabulary: IndexVocabulary, out: list[UnderstoodFilter]) -> None:
    attribute = vocabulary.attribute(PRICE_ATTRIBUTES, numeric=True)
    if attribute is None:
        return
    for bound in extract_prices(text.text):
        if not text.free(bound.start, bound.end):
            continue
        text.take(bound.start, bound.end)
        if bound.low is not None and bound.high is not None and bound.low_op == ">=":
            expression = f"{attribute} {_number(bound.low)} TO {_number(bound.high)}"
        elif bound.high is not None:
            expression = f"{attribute} {bound.high_op} {_number(bound.high)}"
        else:
            assert bound.low is not None
            expression = f"{attribute} {bound.low_op} {_number(bound.low)}"
        out.append(
            UnderstoodFilter(
                attribute, expression, text.text[bound.start : bound.end].strip(), bound.confidence
            )
        )


def _sorts(text: _Text, vocabulary: IndexVocabulary, out: list[UnderstoodSort]) -> None:
    for phrase in sorted(SORT_PHRASES, key=len, reverse=True):
        intent, direction = SORT_PHRASES[phrase]
        for start, end in text.find(phrase):
            attribute = next((a for a in SORT_ATTRIBUTES[intent] if a in vocabulary.sortable), None)
            if attribute is None:  # the index cannot sort that way: the words stay
                continue
            text.take(start, end)
            if not any(s.sort.startswith(f"{attribute}:") for s in out):
                out.append(UnderstoodSort(f"{attribute}:{direction}", phrase, 0.9))


def _values_filter(attribute: str, values: list[str]) -> str:
    if len(values) == 1:
        return f"{attribute} = {quote(values[0])}"
    return f"{attribute} IN [{', '.join(quote(v) for v in values)}]"


def _sizes(text: _Text, vocabulary: IndexVocabulary, out: list[UnderstoodFilter]) -> None:
    attribute = vocabulary.attribute(SIZE_ATTRIBUTES)
    if attribute is None:
        return
    by_folded = {fold_text(v): v for v in vocabulary.values[attribute]}
    cues = "|".join(re.escape(c) for c in SIZE_CUES)
    suffixes = "|".join(re.escape(s) for s in SIZE_SUFFIXES)
    patterns = [
        rf"(?:{cues})\s*[:：]?\s*([a-z0-9.]+(?:\s?ml)?)",
        rf"(?<![\w.])(\d{{2}}(?:\.5)?)\s*(?:{suffixes})",
        r"(?<![\w])(x{0,3}s|x{1,3}l|[23]xl)(?![\w])",
    ]
    for index, pattern in enumerate(patterns):
        for m in re.finditer(pattern, text.text):
            size = m.group(1).strip()
            if index == 2 and size not in _LETTER_SIZES:
                continue
            value = by_folded.get(size)
            if value is None or not text.free(m.start(), m.end()):
                continue
            text.take(m.start(), m.end())
            confidence = 0.9 if index < 2 else 0.75
            out.append(
                UnderstoodFilter(attribute, _values_filter(attribute, [value]), size, confidence)
            )


def _common_word(word: str) -> bool:
    """A word that means something on its own, so a brand spelled like it is doubtful."""
    folded = fold_text(word)
    known = {s for spellings in COLOURS.values() for s in spellings}
    known |= {s for spellings in AUDIENCES.values() for s in spellings}
    known |= {w for words in CATEGORY_ZH.values() for phrase in words for w in phrase.split()}
    return folded in ENGLISH_STOPWORDS or folded in known or len(folded) <= 2


def _brands(text: _Text, vocabulary: IndexVocabulary, out: list[UnderstoodFilter]) -> None:
    attribute = vocabulary.attribute(BRAND_ATTRIBUTES)
    if attribute is None:
        return
    for value in sorted(vocabulary.values[attribute], key=len, reverse=True):
        hits = text.find(value)
        if not hits:
            continue
        start, end = hits[0]
        single = len(value.split()) == 1
        confidence = 0.4 if single and _common_word(value) else 0.9
        if confidence >= APPLY_THRESHOLD:
            text.take(start, end)
        out.append(
            UnderstoodFilter(attribute, _values_filter(attribute, [value]), value, confidence)
        )


def _match_lexicon(
    text: _Text,
    table: dict[str, tuple[str, ...]],
    values: list[str],
    attribute: str,
    out: list[UnderstoodFilter],
    *,
    single_char_ok: bool = False,
) -> None:
    folded_values: dict[str, str] = {}
    for value in values:
        folded_values.setdefault(fold_text(value), value)
    spellings = sorted(
        ((spelling, canonical) for canonical, forms in table.items() for spelling in forms),
        key=lambda item: len(item[0]),
        reverse=True,
    )
    for spelling, canonical in spellings:
        found = folded_values.get(canonical)
        if found is None:
            continue
        value = found
        for start, end in text.find(spelling):
            if len(spelling) == 1 and is_cjk(spelling) and not single_char_ok:
                # 红 alone is a colour only right before a product word (红裙子), not in 红酒
                following = text.text[end:]
                if not any(following.startswith(word) for word in CATEGORY_ZH):
                    continue
            text.take(start, end)
            out.append(
                UnderstoodFilter(attribute, _values_filter(attribute, [value]), spelling, 0.9)
            )
            break


def _colours(text: _Text, vocabulary: IndexVocabulary, out: list[UnderstoodFilter]) -> None:
    attribute = vocabulary.attribute(COLOUR_ATTRIBUTES)
    if attribute is not None:
        _match_lexicon(text, COLOURS, vocabulary.values[attribute], attribute, out)


def _audiences(text: _Text, vocabulary: IndexVocabulary, out: list[UnderstoodFilter]) -> None:
    attribute = vocabulary.attribute(AUDIENCE_ATTRIBUTES)
    if attribute is None:
        return
    values = vocabulary.values[attribute]
    if not any(fold_text(v) in AUDIENCES for v in values):
        return
    # "for men" / "for women": take the "for" with the word
    for start, end in text.find("for"):
        after = text.text[end:].lstrip()
        if any(after.startswith(s) for forms in AUDIENCES.values() for s in forms):
            text.take(start, end)
    _match_lexicon(text, AUDIENCES, values, attribute, out, single_char_ok=True)


def _categories(text: _Text, vocabulary: IndexVocabulary, out: list[UnderstoodFilter]) -> None:
    attributes = [a for a in CATEGORY_ATTRIBUTES if a in vocabulary.values]
    if not attributes:
        return
    entries = [
        (attribute, value, _stems(value))
        for attribute in attributes
        for value in vocabulary.values[attribute]
    ]
    # English: a facet value whose words (stemmed) appear together in the query
    query_words = [
        (m.start(), m.end(), stem(m.group())) for m in re.finditer(r"[a-z0-9]+", text.text)
    ]
    for attribute, value, stems in sorted(entries, key=lambda e: len(e[2]), reverse=True):
        if not stems:
            continue
        for i in range(len(query_words) - len(stems) + 1):
            window = query_words[i : i + len(stems)]
            if tuple(w[2] for w in window) == stems and text.free(window[0][0], window[-1][1]):
                text.take(window[0][0], window[-1][1], keep=True)
                out.append(
                    UnderstoodFilter(
                        attribute,
                        _values_filter(attribute, [value]),
                        text.text[window[0][0] : window[-1][1]],
                        0.85,
                    )
                )
                break
    # Values written in Chinese (or any CJK) appear in the query as they are
    for attribute, value, _ in sorted(entries, key=lambda e: len(e[1]), reverse=True):
        if not any(is_cjk(ch) for ch in value):
            continue
        for start, end in text.find(value):
            text.take(start, end, keep=True)
            out.append(UnderstoodFilter(attribute, _values_filter(attribute, [value]), value, 0.85))
            break
    # Chinese: a category word translated, then matched against the English values. The word
    # leaves the query: the catalog's text may not be in Chinese, the filter holds the meaning.
    for word in sorted(CATEGORY_ZH, key=len, reverse=True):
        for start, end in text.find(word):
            match = _translated(CATEGORY_ZH[word], entries)
            if match is None:
                continue
            attribute, matched = match
            text.take(start, end)
            out.append(UnderstoodFilter(attribute, _values_filter(attribute, matched), word, 0.8))
            break


def _translated(
    phrases: tuple[str, ...], entries: list[tuple[str, str, tuple[str, ...]]]
) -> tuple[str, list[str]] | None:
    """The most specific attribute whose values equal (else contain) a translation."""
    for exact in (True, False):
        for attribute in dict.fromkeys(a for a, _, _ in entries):
            matched: list[str] = []
            for phrase in phrases:
                target = _stems(phrase)
                for a, value, stems in entries:
                    if a != attribute or value in matched:
                        continue
                    hit = stems == target if exact else _contains(stems, target)
                    if hit:
                        matched.append(value)
            if matched and (exact or len(matched) <= 3):
                return attribute, matched
    return None


def _contains(stems: tuple[str, ...], target: tuple[str, ...]) -> bool:
    n = len(target)
    return any(stems[i : i + n] == target for i in range(len(stems) - n + 1))
