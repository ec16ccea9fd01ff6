"""Stop words: very common words dropped from queries so they do not dominate matching.

Meilisearch has no default stop words (indexes configure ``stopWords``); :data:`ENGLISH_STOPWORDS`
is a small, conservative list souk offers as a default. It deliberately leaves out words that
carry meaning in product search (``no``, ``not``, ``off``, ``up``, ``down``, ``over``, ``under``,
``top``, ``out``, ``new``, ``free``) — "shoes not for running" or "lace up boots" need them.
"""

from __future__ import annotations

from collections.abc import Iterable

from souk.text.analyzer import QueryTerm
from souk.text.tokenize import fold_text

__all__ = ["ENGLISH_STOPWORDS", "normalize_stop_words", "remove_stopwords"]

ENGLISH_STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are as at
    be because been before being below between both but by
    can could did do does doing during each few for from further
    had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself
    nor of on once only or other ought our ours ourselves own
    same she should so some such than that the their theirs them themselves then there
    these they this those through to too until very
    was we were what when where which while who whom why will with would
    you your yours yourself yourselves
    """.split()  # noqa: SIM905 - a word block reads better than 118 list items
)


def normalize_stop_words(words: Iterable[str]) -> frozenset[str]:
    """Fold user-configured stop words so they compare equal to query term texts."""
    return frozenset(folded for word in words if (folded := fold_text(word).strip()))


def remove_stopwords(terms: list[QueryTerm], stop_words: frozenset[str]) -> list[QueryTerm]:
    """``terms`` without those whose text is in ``stop_words`` (a folded set).

    Positions are kept as they were, so phrase gaps remain visible. If every term is a stop
    word the query is returned unchanged: a query like "to be or not to be" must still search.
    """
    if not stop_words:
        return terms
    kept = [term for term in terms if term.text not in stop_words]
    return kept or terms
