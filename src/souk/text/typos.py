"""Meilisearch typo-tolerance rules: how many typos a query term may contain.

Mirrors the ``typoTolerance`` index setting: words shorter than ``minWordSizeForTypos.oneTypo``
characters must match exactly, words from that size up to ``twoTypos`` - 1 allow one typo, longer
words two. Chinese terms never allow typos (a single character is a whole morpheme, so an
"edit" changes the word), nor do numbers when ``disableOnNumbers`` is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from souk.text.tokenize import is_cjk

__all__ = ["TypoRules", "allowed_typos", "is_number"]

_NUMBER_RE = re.compile(r"\d+(?:[./]\d+)*")


@dataclass(frozen=True, slots=True)
class TypoRules:
    """The ``typoTolerance`` settings of an index.

    ``disable_on_words`` must hold folded words (see :func:`souk.text.tokenize.fold_text`) so
    they compare equal to query terms.
    """

    enabled: bool = True
    one_typo: int = 5
    two_typos: int = 9
    disable_on_words: frozenset[str] = frozenset()
    disable_on_numbers: bool = False


def is_number(term: str) -> bool:
    """Whether ``term`` is a number token (``42``, ``1.5``, ``1/2``)."""
    return _NUMBER_RE.fullmatch(term) is not None


def allowed_typos(term: str, rules: TypoRules) -> int:
    """The number of typos (0, 1 or 2) ``term`` may contain under ``rules``.

    Length is counted in characters (code points), as Meilisearch does.
    """
    if not rules.enabled or term in rules.disable_on_words or is_cjk(term):
        return 0
    if rules.disable_on_numbers and is_number(term):
        return 0
    length = len(term)
    if length >= rules.two_typos:
        return 2
    if length >= rules.one_typo:
        return 1
    return 0
