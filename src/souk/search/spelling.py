"""Spelling correction from the catalog's own vocabulary.

A query word that occurs nowhere in the index ("toliet", "sprkinler", "basemetnt") can only
match by typo tolerance, and Meilisearch's budget (one typo from 5 letters, two from 9) misses
most real misspellings: a transposition plus a dropped letter in a 7-letter word is already
out. For such unknown words we look up the closest indexed words (optimal string alignment
distance ≤ 2, ≤ 1 below :data:`TWO_EDITS_FROM` letters) and take the commonest; the search
then matches the correction as a typo alternative, and the ranking features read it.

The vocabulary is read from tantivy's term dictionaries (all searchable fields) once, and
rebuilt after writes at most every :data:`REFRESH_SECONDS`: a correction drawn from a
vocabulary a few seconds old is as good, and whether a word is unknown is always checked
against the live index.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from souk.retrieval.layout import text_field
from souk.retrieval.protocols import LexicalIndex
from souk.search.terms import TermGroup
from souk.text.typos import TypoRules

MIN_LENGTH = 4
TWO_EDITS_FROM = 7
REFRESH_SECONDS = 30.0


class Vocabulary:
    """Indexed words by length, with their document frequencies."""

    def __init__(self, frequencies: dict[str, int]) -> None:
        self.frequencies = frequencies
        self.by_length: dict[int, list[str]] = {}
        for word in frequencies:
            if word.isalpha() and word.isascii():
                self.by_length.setdefault(len(word), []).append(word)

    @classmethod
    def of(cls, lexical: LexicalIndex) -> Vocabulary:
        searcher = lexical.searcher
        frequencies: dict[str, int] = {}
        for attribute in lexical.layout.searchable:
            if attribute == "*":
                continue
            try:
                terms = searcher.terms_with_prefix(text_field(attribute), "")
            except ValueError:  # not a text field of this schema
                continue
            for term, count in terms:
                if count > frequencies.get(term, 0):
                    frequencies[term] = int(count)
        return cls(frequencies)

    def correct(self, word: str) -> str | None:
        """The commonest indexed word within the edit budget of ``word``, if any."""
        budget = 2 if len(word) >= TWO_EDITS_FROM else 1
        pool: list[str] = []
        for length in range(len(word) - budget, len(word) + budget + 1):
            pool.extend(self.by_length.get(length, ()))
        if not pool:
            return None
        found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=budget, limit=None)
        if not found:
            return None
        best = min(found, key=lambda m: (m[1], -self.frequencies.get(m[0], 0), m[0]))
        return str(best[0])


_cache: weakref.WeakKeyDictionary[LexicalIndex, tuple[float, object, Vocabulary]] = (
    weakref.WeakKeyDictionary()
)
_cache_lock = threading.Lock()


def vocabulary_for(lexical: LexicalIndex) -> Vocabulary:
    """The vocabulary of a lexical index, rebuilt only after the index changed, and then at
    most every :data:`REFRESH_SECONDS` (a static catalog builds it once)."""
    key = lexical
    now = time.monotonic()
    searcher = lexical.searcher
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and (cached[1] is searcher or now - cached[0] < REFRESH_SECONDS):
            return cached[2]
    vocabulary = Vocabulary.of(lexical)
    with _cache_lock:
        _cache[key] = (now, searcher, vocabulary)
    return vocabulary


def correct_groups(
    groups: list[TermGroup],
    frequency: Callable[[str], int],
    vocabulary: Callable[[], Vocabulary],
    rules: TypoRules,
) -> dict[str, str]:
    """Add a correction to every unknown plain word's group; returns ``{word: correction}``.

    The index's typo settings still rule: nothing is corrected when typo tolerance is off or
    the word is in ``disableOnWords``, nor below the one-typo word size (``bots`` stays
    ``bots``). ``vocabulary`` is only called when some word is unknown.
    """
    if not rules.enabled:
        return {}
    shortest = max(MIN_LENGTH, rules.one_typo)
    corrections: dict[str, str] = {}
    for group in groups:
        if len(group.words) != 1:
            continue
        word = group.words[0]
        text = word.text
        if word.quoted or word.cjk or len(text) < shortest or not text.isalpha():
            continue
        if text in rules.disable_on_words:
            continue
        if frequency(text) > 0 or (word.stem != text and frequency(word.stem) > 0):
            continue
        fixed = vocabulary().correct(text)
        if fixed is not None and fixed != text:
            group.corrections.append(fixed)
            corrections[text] = fixed
    return corrections
