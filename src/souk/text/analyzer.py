"""Index-side and query-side analysis built on :mod:`souk.text.tokenize`.

Documents are indexed "keyword-repeat" style: each token contributes its surface form and, if
different, its English stem to the same field, so exact words, stems, prefixes and typo
matching all work against a single tantivy field. Queries are analysed into
:class:`QueryTerm` objects carrying both forms plus the facts the query planner needs
(position, phrase membership, whether the term is Chinese).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from souk.text.tokenize import fold_text, iter_folded_tokens

__all__ = ["QueryTerm", "analyze_query", "index_terms", "stem"]

_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    """This thread's Snowball stemmer: PyStemmer instances must not be shared across threads."""
    stemmer: Stemmer.Stemmer | None = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _local.stemmer = stemmer
    return stemmer


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """English Snowball stem of a folded token; anything not purely ASCII letters is unchanged.

    CJK words, numbers and alphanumerics such as ``usb3`` or ``1.5`` are returned as-is.
    """
    if not (word.isascii() and word.isalpha()):
        return word
    return str(_stemmer().stemWord(word))


def index_terms(text: str) -> list[str]:
    """The terms to index for one searchable value, in text order.

    Tokens come from search-mode tokenisation (so Chinese sub-words are indexed too); every
    token yields its surface form, then its stem when that differs. Terms never contain
    whitespace, so ``" ".join(index_terms(text))`` is safe for tantivy's whitespace tokenizer.
    """
    terms: list[str] = []
    append = terms.append
    for word, _start, _end, cjk in iter_folded_tokens(fold_text(text), True):
        append(word)
        if not cjk:
            stemmed = stem(word)
            if stemmed != word:
                append(stemmed)
    return terms


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One analysed query term.

    ``position`` is the 0-based index of the term among all terms of the query (it is not
    renumbered when stop words are removed, so phrase gaps stay visible); ``quoted`` marks terms
    inside a ``"quoted phrase"``, which get neither typo tolerance nor prefix matching.
    """

    text: str
    stem: str
    cjk: bool
    position: int
    quoted: bool


def analyze_query(query: str) -> list[QueryTerm]:
    """Analyse a search query into terms.

    Han runs use jieba's precise mode (the index also holds search-mode sub-words, so a precise
    query word matches either a whole indexed word or one of its sub-words). Double quotes
    (``"``, ``＂``, ``“``, ``”``) toggle phrase mode like Meilisearch: an unclosed quote makes
    the rest of the query a phrase. Punctuation-only pieces produce no term.
    """
    terms: list[QueryTerm] = []
    position = 0
    for index, segment in enumerate(fold_text(query).split('"')):
        quoted = index % 2 == 1
        for word, _start, _end, cjk in iter_folded_tokens(segment, False):
            terms.append(QueryTerm(word, word if cjk else stem(word), cjk, position, quoted))
            position += 1
    return terms
