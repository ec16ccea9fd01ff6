"""Meilisearch-style ``_formatted`` (highlight + crop) and ``_matchesPosition`` for one hit.

Matching follows what the lexical query accepted, so a hit never shows a word the engine did not
match on and vice versa: a document token matches a query term when its folded form is the term,
when both share an English stem, when it is within the term's typo budget (optimal string
alignment distance, a transposition is one typo, like tantivy's fuzzy queries), or, for the last
term of a query still being typed, when it starts with the term. Like Meilisearch, a prefix match
highlights only the typed prefix (``sho`` → ``<em>sho</em>es``). Chinese terms match inside jieba
words (``红色`` inside ``红色连衣裙``). Quoted phrases and multi-word synonyms match only as a
whole run of consecutive tokens and are highlighted as one span.

Cropping keeps ``crop_length`` words (tokens) around the best group of matches — most distinct
terms, then the tightest group, then the one in query order, then the earliest — adding words on
the left and right in turn, and puts the crop marker where text was cut.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, cast

from souk.text.analyzer import QueryTerm, analyze_query, stem
from souk.text.tokenize import Token, fold_text, tokenize
from souk.text.typos import TypoRules, allowed_typos

__all__ = [
    "MatchBounds",
    "MatchSpec",
    "MatchesPosition",
    "format_hit",
    "format_text",
    "typo_distance",
]

#: One ``_matchesPosition`` entry: ``start``/``length`` in UTF-8 bytes, ``indices`` for arrays.
MatchBounds = dict[str, int | list[int]]
MatchesPosition = dict[str, list[MatchBounds]]

#: Per-compiled-query memo size (token text -> verdict); cleared when full.
_MEMO_LIMIT: Final = 4096
_MISSING: Final = object()


@dataclass(frozen=True)
class MatchSpec:
    """What counts as a match: the analysed query and the index's matching settings."""

    terms: Sequence[QueryTerm]
    prefix_last: bool
    typo_rules: TypoRules
    synonyms: Sequence[str] = ()


# -- distances ----------------------------------------------------------------------------------


def _osa_last_row(a: str, b: str, bound: int) -> list[int] | None:
    """Last row of the optimal-string-alignment table of ``a`` against ``b``.

    ``row[j]`` is the distance between ``a`` and ``b[:j]``. Returns ``None`` as soon as every
    cell of a row exceeds ``bound`` (no alignment can come back under it).
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        char_a = a[i - 1]
        current = [i] * (len(b) + 1)
        row_min = i
        for j in range(1, len(b) + 1):
            char_b = b[j - 1]
            value = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char_a != char_b),
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > bound:
            return None
        previous2, previous = previous, current
    return previous


def typo_distance(a: str, b: str, bound: int) -> int:
    """Damerau (optimal string alignment) distance of ``a`` and ``b``, capped at ``bound + 1``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    row = _osa_last_row(a, b, bound)
    return bound + 1 if row is None else min(row[-1], bound + 1)


def _prefix_typo_length(term: str, word: str, bound: int) -> int | None:
    """Length of the prefix of ``word`` within ``bound`` typos of ``term`` (closest length wins)."""
    if len(word) < len(term) - bound:
        return None
    row = _osa_last_row(term, word[: len(term) + bound], bound)
    if row is None:
        return None
    candidates = [
        (dist, abs(j - len(term)), j) for j, dist in enumerate(row) if j and dist <= bound
    ]
    return min(candidates)[2] if candidates else None


# -- compiled query -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Word:
    """A single non-Chinese query word (or one-word synonym)."""

    id: int
    text: str
    stem: str
    typos: int
    prefix: bool


@dataclass(frozen=True, slots=True)
class _Match:
    """A match in one text: token range (for cropping) and original char span (for output)."""

    first: int
    last: int
    start: int
    end: int
    id: int


class _Matcher:
    """A :class:`MatchSpec` compiled for fast per-token tests; token verdicts are memoised."""

    def __init__(
        self,
        words: list[_Word],
        cjk: list[tuple[int, str]],
        phrases: list[tuple[int, tuple[str, ...]]],
    ) -> None:
        self.words = tuple(words)
        self.cjk = tuple(cjk)
        self.phrases = tuple(sorted(phrases, key=lambda item: -len(item[1])))
        self.phrase_heads = frozenset(words[0] for _id, words in phrases)
        self._word_memo: dict[str, tuple[int, int] | None] = {}
        self._cjk_memo: dict[str, list[tuple[int, int, int]]] = {}

    @property
    def empty(self) -> bool:
        return not (self.words or self.cjk or self.phrases)

    def match_word(self, word: str) -> tuple[int, int] | None:
        """``(term id, matched folded length)`` for a non-Chinese token, or ``None``."""
        memo = self._word_memo
        cached = memo.get(word, _MISSING)
        if cached is not _MISSING:
            return cast("tuple[int, int] | None", cached)
        result = self._match_word(word)
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[word] = result
        return result

    def _match_word(self, word: str) -> tuple[int, int] | None:
        if not self.words:
            return None
        word_stem = stem(word)
        # Passes in order of strength, so an exact match on a later term beats a typo on an
        # earlier one. An exact prefix beats a whole-word typo, as in Meilisearch (``westfali``
        # highlights ``<em>Westfáli</em>a``, not the whole word one typo away).
        for term in self.words:
            if word == term.text or word_stem == term.stem:
                return term.id, len(word)
        for term in self.words:
            if term.prefix and word.startswith(term.text):
                return term.id, len(term.text)
        for term in self.words:
            if term.typos and typo_distance(term.text, word, term.typos) <= term.typos:
                return term.id, len(word)
        for term in self.words:
            if term.prefix and term.typos:
                length = _prefix_typo_length(term.text, word, min(term.typos, 1))
                if length is not None:
                    return term.id, length
        return None

    def match_cjk(self, word: str) -> list[tuple[int, int, int]]:
        """Non-overlapping ``(term id, folded start, folded end)`` of Chinese terms in ``word``."""
        memo = self._cjk_memo
        hit = memo.get(word)
        if hit is not None:
            return hit
        found: list[tuple[int, int, int]] = []
        for term_id, text in self.cjk:
            at = word.find(text)
            while at >= 0:
                found.append((term_id, at, at + len(text)))
                at = word.find(text, at + len(text))
        found.sort(key=lambda item: (item[1], -item[2]))
        kept: list[tuple[int, int, int]] = []
        for item in found:
            if not kept or item[1] >= kept[-1][2]:
                kept.append(item)
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[word] = kept
        return kept

    def find(self, text: str) -> tuple[list[Token], list[_Match]]:
        """Tokens of ``text`` and its matches, in text order."""
        tokens = tokenize(text)
        matches: list[_Match] = []
        if self.empty:
            return tokens, matches
        index = 0
        while index < len(tokens):
            token = tokens[index]
            length = self._match_phrase(tokens, index) if token.text in self.phrase_heads else None
            if length is not None:
                term_id, size = length
                last = index + size - 1
                matches.append(_Match(index, last, token.start, tokens[last].end, term_id))
                index += size
                continue
            if token.cjk:
                for term_id, start, end in self.match_cjk(token.text):
                    span = _original_span(text, token, start, end)
                    matches.append(_Match(index, index, span[0], span[1], term_id))
            else:
                verdict = self.match_word(token.text)
                if verdict is not None:
                    span = _original_span(text, token, 0, verdict[1])
                    matches.append(_Match(index, index, span[0], span[1], verdict[0]))
            index += 1
        return tokens, matches

    def _match_phrase(self, tokens: list[Token], index: int) -> tuple[int, int] | None:
        for term_id, words in self.phrases:
            end = index + len(words)
            if end <= len(tokens) and all(
                tokens[index + k].text == word for k, word in enumerate(words)
            ):
                return term_id, len(words)
        return None


def _original_span(text: str, token: Token, fstart: int, fend: int) -> tuple[int, int]:
    """Original char offsets covering folded characters ``[fstart, fend)`` of ``token.text``."""
    if fstart == 0 and fend >= len(token.text):
        return token.start, token.end
    if token.end - token.start == len(token.text) and text[token.start : token.end].isascii():
        return token.start + fstart, token.start + fend
    # Walk the original characters, summing their folded widths (apostrophes are dropped from
    # token texts, so they count as zero).
    position = 0
    start = token.start
    end = token.end
    started = False
    for index in range(token.start, token.end):
        width = len(fold_text(text[index]).replace("'", ""))
        if not started and position + width > fstart:
            start, started = index, True
        position += width
        if started and position >= fend:
            end = index + 1
            break
    while end < token.end and not fold_text(text[end]):  # absorb trailing combining marks
        end += 1
    return start, end


def _compile(spec: MatchSpec) -> _Matcher:
    return _compile_cached(
        tuple(spec.terms), spec.prefix_last, spec.typo_rules, tuple(spec.synonyms)
    )


@lru_cache(maxsize=64)
def _compile_cached(
    terms: tuple[QueryTerm, ...],
    prefix_last: bool,
    rules: TypoRules,
    synonyms: tuple[str, ...],
) -> _Matcher:
    words: list[_Word] = []
    cjk: list[tuple[int, str]] = []
    phrases: list[tuple[int, tuple[str, ...]]] = []
    next_id = 0

    def add(group: list[QueryTerm], *, typos: bool, prefix: bool) -> None:
        nonlocal next_id
        term_id, next_id = next_id, next_id + 1
        if len(group) > 1:
            phrase = tuple(term.text for term in group)
            phrases.append((term_id, phrase))
            if all(term.cjk for term in group):  # jieba may have kept the phrase as one word
                cjk.append((term_id, "".join(phrase)))
            return
        term = group[0]
        if term.cjk:
            cjk.append((term_id, term.text))
            return
        budget = allowed_typos(term.text, rules) if typos and not term.quoted else 0
        words.append(_Word(term_id, term.text, term.stem, budget, prefix and not term.quoted))

    index = 0
    while index < len(terms):
        term = terms[index]
        end = index + 1
        if term.quoted:  # a quoted phrase: consecutive quoted terms at consecutive positions
            while (
                end < len(terms)
                and terms[end].quoted
                and terms[end].position == term.position + end - index
            ):
                end += 1
        is_last = end == len(terms)
        add(list(terms[index:end]), typos=True, prefix=prefix_last and is_last)
        index = end
    for synonym in synonyms:
        group = analyze_query(synonym.replace('"', " "))
        if group:
            add(group, typos=False, prefix=False)
    return _Matcher(words, cjk, phrases)


# -- formatting one text -------------------------------------------------------------------------


def _best_window(matches: list[_Match], crop_length: int) -> tuple[int, int] | None:
    """First and last word of the best group of matches fitting in ``crop_length`` words."""
    best: tuple[int, int, int, int] | None = None
    best_range: tuple[int, int] | None = None
    for i, first in enumerate(matches):
        limit = first.first + crop_length - 1
        ids: set[int] = set()
        last_word = first.first
        ordered = 0
        previous: _Match | None = None
        for match in matches[i:]:
            if match.first > limit:
                break
            ids.add(match.id)
            last_word = max(last_word, min(match.last, limit))
            if previous is not None and match.id > previous.id:
                ordered += 1
            previous = match
        key = (len(ids), first.first - last_word, ordered, -first.first)
        if best is None or key > best:
            best, best_range = key, (first.first, last_word)
    return best_range


def _crop_range(matches: list[_Match], word_count: int, crop_length: int) -> tuple[int, int]:
    """Word range ``[first, last]`` to keep: the best matches, widened left/right in turn."""
    window = _best_window(matches, crop_length)
    if window is None:
        return 0, crop_length - 1
    left, right = window
    remaining = crop_length - (right - left + 1)
    while remaining > 0:
        moved = False
        if left > 0:
            left -= 1
            remaining -= 1
            moved = True
        if remaining > 0 and right < word_count - 1:
            right += 1
            remaining -= 1
            moved = True
        if not moved:
            break
    return left, right


def _render(
    text: str,
    tokens: list[Token],
    matches: list[_Match],
    *,
    highlight: bool,
    crop_length: int | None,
    crop_marker: str,
    pre_tag: str,
    post_tag: str,
) -> str:
    start, end = 0, len(text)
    head = tail = ""
    if crop_length and len(tokens) > crop_length:
        first, last = _crop_range(matches, len(tokens), crop_length)
        if first > 0:
            start, head = tokens[first].start, crop_marker
        if last < len(tokens) - 1:
            end, tail = tokens[last].end, crop_marker
    if not highlight:
        return head + text[start:end] + tail
    parts = [head]
    cursor = start
    for match in matches:
        span_start, span_end = max(match.start, start), min(match.end, end)
        if span_start >= span_end or span_start < cursor:
            continue
        parts += [text[cursor:span_start], pre_tag, text[span_start:span_end], post_tag]
        cursor = span_end
    parts += [text[cursor:end], tail]
    return "".join(parts)


def _byte_bounds(text: str, matches: list[_Match], indices: list[int]) -> Iterator[MatchBounds]:
    """``_matchesPosition`` entries: char spans converted to UTF-8 byte offsets in one pass."""
    char_at = 0
    byte_at = 0
    for match in sorted(matches, key=lambda m: m.start):
        byte_at += len(text[char_at : match.start].encode("utf-8", "surrogatepass"))
        char_at = match.start
        length = len(text[match.start : match.end].encode("utf-8", "surrogatepass"))
        bounds: MatchBounds = {"start": byte_at, "length": length}
        if indices:
            bounds["indices"] = list(indices)
        yield bounds


def format_text(
    text: str,
    spec: MatchSpec,
    *,
    highlight: bool = True,
    crop_length: int | None = None,
    crop_marker: str = "…",
    pre_tag: str = "<em>",
    post_tag: str = "</em>",
) -> str:
    """Highlight and/or crop one string (``crop_length`` ``None`` or 0: no cropping)."""
    tokens, matches = _compile(spec).find(text)
    return _render(
        text,
        tokens,
        matches,
        highlight=highlight,
        crop_length=crop_length,
        crop_marker=crop_marker,
        pre_tag=pre_tag,
        post_tag=post_tag,
    )


# -- documents -----------------------------------------------------------------------------------


def _number_text(value: int | float) -> str:
    """A JSON number as Meilisearch (serde_json) prints it: ``3``, ``3.5``, ``1.0``, ``1e16``."""
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent_text = text.split("e")
    exponent = int(exponent_text)
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "")
    if -5 < exponent + 1 <= 0:  # ryu prints 1e-5 as 0.00001 where Python switches to 1e-05
        return f"{sign}0.{'0' * -(exponent + 1)}{digits}"
    return f"{mantissa}e{exponent}"


def _related(rule: str, path: str) -> bool:
    """Whether a rule on ``rule`` covers ``path``: same field, a parent or a child of it."""
    return rule == "*" or rule == path or path.startswith(rule + ".") or rule.startswith(path + ".")


_ALL, _SOME, _NONE = 2, 1, 0


def _selected(path: str, selectors: Sequence[str] | None) -> int:
    """Whether ``path`` is displayed wholly, partly (only some sub-fields) or not at all."""
    if selectors is None:
        return _ALL
    result = _NONE
    for selector in selectors:
        if selector == "*" or selector == path or path.startswith(selector + "."):
            return _ALL
        if selector.startswith(path + "."):
            result = _SOME
    return result


class _HitFormatter:
    """Walks one document, producing ``_formatted`` values and ``_matchesPosition``."""

    def __init__(
        self,
        matcher: _Matcher,
        highlight: Sequence[str],
        crop: Sequence[tuple[str, int]],
        displayed: Sequence[str] | None,
        render: dict[str, Any],
        positions: MatchesPosition | None,
    ) -> None:
        self.matcher = matcher
        self.highlight = highlight
        self.crop = crop
        self.displayed = displayed
        self.render = render
        self.positions = positions
        self._options: dict[str, tuple[bool, int | None]] = {}

    def options(self, path: str) -> tuple[bool, int | None]:
        cached = self._options.get(path)
        if cached is None:
            highlight = any(_related(rule, path) for rule in self.highlight)
            crop = next((length for rule, length in self.crop if _related(rule, path)), None)
            cached = self._options[path] = (highlight, crop)
        return cached

    def document(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in doc.items():
            selection = _selected(key, self.displayed)
            if selection != _NONE:
                kept, formatted = self.value(value, key, [], selection == _ALL)
                if kept:
                    out[key] = formatted
        return out

    def value(self, value: Any, path: str, indices: list[int], whole: bool) -> tuple[bool, Any]:
        """``(kept, formatted)``; partly displayed objects keep only their displayed leaves."""
        if isinstance(value, Mapping):
            out: dict[str, Any] = {}
            for key, child in value.items():
                child_path = f"{path}.{key}"
                selection = _ALL if whole else _selected(child_path, self.displayed)
                if selection != _NONE:
                    kept, formatted = self.value(child, child_path, indices, selection == _ALL)
                    if kept:
                        out[key] = formatted
            return whole or bool(out), out
        if isinstance(value, list):
            items = [
                self.value(child, path, [*indices, position], whole)
                for position, child in enumerate(value)
            ]
            return whole or any(kept for kept, _ in items), [f for kept, f in items if kept]
        if not whole:
            return False, value
        if isinstance(value, bool) or value is None:
            return True, value
        if isinstance(value, int | float):
            return True, self.leaf(_number_text(value), path, indices)
        if isinstance(value, str):
            return True, self.leaf(value, path, indices)
        return True, value

    def leaf(self, text: str, path: str, indices: list[int]) -> str:
        highlight, crop = self.options(path)
        if not (highlight or crop or self.positions is not None):
            return text
        tokens, matches = self.matcher.find(text)
        if self.positions is not None and matches:
            self.positions.setdefault(path, []).extend(_byte_bounds(text, matches, indices))
        if not (highlight or crop):
            return text
        return _render(text, tokens, matches, highlight=highlight, crop_length=crop, **self.render)


def _parse_crop(attributes: Sequence[str], default: int) -> list[tuple[str, int]]:
    """``attributesToCrop`` entries as ``(attribute, length)``; ``"name:5"`` sets its own length."""
    parsed: list[tuple[str, int]] = []
    for attribute in attributes:
        name, colon, length = attribute.rpartition(":")
        if colon:
            parsed.append((name, int(length) if length.isdigit() else default))
        else:
            parsed.append((attribute, default))
    return parsed


def format_hit(
    doc: Mapping[str, Any],
    spec: MatchSpec,
    *,
    highlight: Sequence[str] | None,
    crop: Sequence[str] | None,
    crop_length: int = 10,
    crop_marker: str = "…",
    pre_tag: str = "<em>",
    post_tag: str = "</em>",
    show_matches_position: bool = False,
    displayed: Sequence[str] | None = None,
) -> tuple[dict[str, Any] | None, MatchesPosition | None]:
    """``(_formatted, _matchesPosition)`` of one hit, as Meilisearch returns them.

    ``_formatted`` (``None`` unless some valid attribute is to be highlighted or cropped) holds
    every displayed attribute: strings of the highlighted/cropped attributes formatted, every
    number turned into a string, other values copied. ``displayed`` lists the attributes to
    show (dotted paths allowed; ``None`` or ``["*"]`` = all). ``_matchesPosition`` (``None``
    unless ``show_matches_position``) maps each displayed leaf path (``a.b``) to its matches in
    UTF-8 bytes of the original value, with ``indices`` for values inside arrays.
    """
    shown = None if displayed is None or "*" in displayed else list(displayed)
    crop_rules = _parse_crop(crop or (), crop_length)
    highlight_rules = list(highlight or ())

    def valid(name: str) -> bool:
        return name == "*" or _selected(name, shown) == _ALL

    wants_format = any(valid(name) for name in highlight_rules) or any(
        valid(name) for name, _length in crop_rules
    )
    if not (wants_format or show_matches_position):
        return None, None
    positions: MatchesPosition | None = {} if show_matches_position else None
    walker = _HitFormatter(
        _compile(spec),
        highlight_rules if wants_format else (),
        crop_rules if wants_format else (),
        shown,
        {"crop_marker": crop_marker, "pre_tag": pre_tag, "post_tag": post_tag},
        positions,
    )
    formatted = walker.document(doc)
    return (formatted if wants_format else None), positions
