"""Compound words: ``deckover`` finds "deck over" and "deck over" finds ``deckover``.

Shoppers and catalogs disagree on where words break ("deckover"/"deck over",
"backsplash"/"back splash", "waterheater"). Like Meilisearch's n-grams and split words, each
pair of adjacent query words also matches as one joined word, and a word that splits into two
words the index knows also matches as that two-word phrase. Splits are only tried where both
halves occur in the catalog, so an unknown word never turns into two random fragments.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from souk.search.terms import TermGroup

# Both halves of a split need at least this many characters.
MIN_PART = 3

DocumentFrequency = Callable[[str], int]


def _plain(group: TermGroup) -> str | None:
    """The group's single word, when it is one unquoted non-CJK word."""
    if len(group.words) != 1:
        return None
    word = group.words[0]
    if word.quoted or word.cjk or not word.text.isalnum():
        return None
    return word.text


def best_split(word: str, frequency: DocumentFrequency) -> tuple[str, str] | None:
    """The split of ``word`` into two indexed words whose rarer half is the most common."""
    best: tuple[int, tuple[str, str]] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        if left.isdigit() or right.isdigit():
            continue
        support = min(frequency(left), frequency(right))
        if support > 0 and (best is None or support > best[0]):
            best = (support, (left, right))
    return None if best is None else best[1]


def add_compounds(groups: list[TermGroup], frequency: DocumentFrequency) -> None:
    """Give each group its joined-with-neighbour and split alternatives (in place)."""
    words = [_plain(group) for group in groups]
    for (i, a), (j, b) in pairwise(enumerate(words)):
        if a is not None and b is not None:
            joined = a + b
            groups[i].compounds.append([joined])
            groups[j].compounds.append([joined])
    for group, word in zip(groups, words, strict=True):
        if word is None or len(word) < 2 * MIN_PART or word.isdigit():
            continue
        split = best_split(word, frequency)
        if split is not None:
            group.compounds.append(list(split))
