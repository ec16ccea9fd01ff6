"""Query–document match features for the learned re-ranker.

Every feature is a property of the *match* (how much of the query the document text covers, in
which order, with which spelling changes, how rare the missing words are, where the retrievers
ranked it), never of a particular word or product, so a model trained on one catalog's
judgments carries over to another. Missing values (a document the semantic side did not return,
a query without numbers) are NaN, which gradient-boosted trees handle natively.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from souk.search.rerank.units import canonical_unit
from souk.text.analyzer import stem
from souk.text.stopwords import ENGLISH_STOPWORDS
from souk.text.tokenize import fold_text, iter_folded_tokens
from souk.text.typos import is_number

FEATURE_NAMES: tuple[str, ...] = (
    "query_terms",
    "doc_terms",
    "coverage_exact",
    "coverage_any",
    "coverage_strength",
    "coverage_idf",
    "missing_idf_max",
    "last_term_strength",
    "first_term_strength",
    "bigram_share",
    "in_order",
    "first_match_position",
    "match_span",
    "char_containment",
    "char_jaccard",
    "query_numbers",
    "numbers_matched",
    "doc_covered",
    "query_idf_sum",
    "lexical_score",
    "lexical_score_relative",
    "lexical_rank",
    "similarity",
    "similarity_gap",
    "semantic_rank",
    "fuzzy_ratio",
    "title_bm25",
    "last_term_from_end",
    "similarity_best",
    # set-level: filled in by add_set_features once every candidate has its row
    "full_coverage_share",
)

# BM25 parameters of the name-text score (Lucene's defaults)
BM25_K1, BM25_B, BM25_AVERAGE_LENGTH = 1.2, 0.75, 12.0

# How much a query word counts as present, by the way it was found in the document.
EXACT, UNIT, JOINED, STEMMED, TYPO, PREFIX = 1.0, 1.0, 0.9, 0.9, 0.6, 0.5

_GLUED_UNIT_RE = re.compile(r"^(\d+(?:[./]\d+)*)([a-z]+)$")

IdfLookup = Callable[[str], float]


def _words(text: str) -> list[str]:
    """Folded surface words with number–unit tokens split (``12v`` → ``12`` ``volt``)."""
    out: list[str] = []
    for word, _start, _end, _cjk in iter_folded_tokens(fold_text(text), False):
        glued = _GLUED_UNIT_RE.match(word)
        if glued and canonical_unit(glued.group(2)):
            out.append(glued.group(1))
            out.append(str(canonical_unit(glued.group(2))))
        else:
            out.append(word)
    return out


def _canonical(words: Sequence[str]) -> list[str]:
    """Units spelled one way (``in.``→``inch``); short spellings only right after a number."""
    out: list[str] = []
    for i, word in enumerate(words):
        unit = canonical_unit(word)
        after_number = i > 0 and is_number(words[i - 1])
        out.append(unit if unit and (len(word) > 2 or after_number) else word)
    return out


def _trigrams(text: str) -> set[str]:
    padded = f"#{text}#"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass
class QueryProfile:
    terms: list[str]
    stems: list[str]
    idf: list[float]
    numeric: list[bool]
    grams: set[str]
    compact: str

    # each term's joined forms with its neighbours in the full query (stop words included),
    # so "deck over" still finds "deckover" after "over" is dropped as a stop word
    joins: list[tuple[str, ...]] = field(default_factory=list)

    @classmethod
    def of(cls, query: str, idf: IdfLookup) -> QueryProfile:
        words = _canonical(_words(query))
        positions = [i for i, w in enumerate(words) if w not in ENGLISH_STOPWORDS]
        positions = positions or list(range(len(words)))
        kept = [words[i] for i in positions]
        compact = "".join(kept)
        joins = [
            tuple(
                ([words[i - 1] + words[i]] if i > 0 else [])
                + ([words[i] + words[i + 1]] if i + 1 < len(words) else [])
            )
            for i in positions
        ]
        return cls(
            terms=kept,
            stems=[stem(w) for w in kept],
            idf=[idf(w) for w in kept],
            numeric=[is_number(w) for w in kept],
            grams=_trigrams(compact),
            compact=compact,
            joins=joins,
        )


@dataclass
class DocumentProfile:
    words: list[str]
    stems: list[str]
    word_set: set[str] = field(default_factory=set)
    stem_positions: dict[str, int] = field(default_factory=dict)
    joined: set[str] = field(default_factory=set)
    grams: set[str] = field(default_factory=set)
    compact: str = ""

    @classmethod
    def of(cls, text: str) -> DocumentProfile:
        words = _canonical(_words(text))
        stems = [stem(w) for w in words]
        positions: dict[str, int] = {}
        for i, s in enumerate(stems):
            positions.setdefault(s, i)
        compact = "".join(words)
        return cls(
            words=words,
            stems=stems,
            word_set=set(words),
            stem_positions=positions,
            joined={a + b for a, b in pairwise(words)},
            grams=_trigrams(compact),
            compact=compact,
        )


def _typo_budget(term: str) -> int:
    """Looser than the retrieval budget on purpose: a re-ranking feature may weigh the evidence."""
    if len(term) >= 8:
        return 2
    return 1 if len(term) >= 4 else 0


def _term_matches(query: QueryProfile, doc: DocumentProfile) -> tuple[list[float], list[int]]:
    """Per query term: match strength and the document position it matched (-1 if none)."""
    strengths: list[float] = []
    positions: list[int] = []
    for i, term in enumerate(query.terms):
        strength, position = 0.0, -1
        term_stem = query.stems[i]
        if term in doc.word_set:
            strength, position = EXACT, doc.words.index(term)
        elif term_stem in doc.stem_positions:
            strength, position = STEMMED, doc.stem_positions[term_stem]
        elif term in doc.joined or any(j in doc.word_set for j in query.joins[i]):
            strength = JOINED
        elif not query.numeric[i]:
            # the first word within the typo budget, else the last word the term prefixes
            budget = _typo_budget(term)
            typos = (
                process.extract(
                    term, doc.words, scorer=OSA.distance, score_cutoff=budget, limit=None
                )
                if budget
                else []
            )
            if typos:
                strength, position = TYPO, min(index for _, _, index in typos)
            elif len(term) >= 3:
                prefixed = [j for j, word in enumerate(doc.words) if word.startswith(term)]
                if prefixed:
                    strength, position = PREFIX, prefixed[-1]
        strengths.append(strength)
        positions.append(position)
    return strengths, positions


def features(
    query: QueryProfile,
    doc: DocumentProfile,
    *,
    lexical_score: float | None,
    lexical_best: float,
    lexical_rank: int | None,
    similarity: float | None,
    similarity_best: float | None,
    semantic_rank: int | None,
) -> list[float]:
    """One row of :data:`FEATURE_NAMES` for a (query, document) pair."""
    nan = math.nan
    n = len(query.terms)
    strengths, positions = _term_matches(query, doc)
    idf_total = sum(query.idf) or 1.0
    matched = [p for p in positions if p >= 0]
    exact = sum(1 for s in strengths if s >= STEMMED)
    bigrams = sum(
        1
        for a, b in pairwise(query.stems)
        if a in doc.stem_positions
        and b in doc.stem_positions
        and 0 < doc.stem_positions[b] - doc.stem_positions[a] <= 2
    )
    missing_idf = [w for w, s in zip(query.idf, strengths, strict=True) if s == 0]
    numbers = [s for s, num in zip(strengths, query.numeric, strict=True) if num]
    shared = len(query.grams & doc.grams)
    doc_len = len(doc.words)
    return [
        float(n),
        float(doc_len),
        exact / n if n else nan,
        sum(1 for s in strengths if s > 0) / n if n else nan,
        sum(strengths) / n if n else nan,
        sum(w * s for w, s in zip(query.idf, strengths, strict=True)) / idf_total,
        max(missing_idf) if missing_idf else 0.0,
        strengths[-1] if n else nan,
        strengths[0] if n else nan,
        bigrams / (n - 1) if n > 1 else nan,
        float(matched == sorted(matched)) if len(matched) > 1 else nan,
        min(matched) / doc_len if matched and doc_len else nan,
        (max(matched) - min(matched) + 1) / len(matched) if matched else nan,
        shared / len(query.grams) if query.grams else nan,
        shared / len(query.grams | doc.grams) if query.grams or doc.grams else nan,
        float(len(numbers)),
        sum(numbers) / len(numbers) if numbers else nan,
        len({doc.stems[p] for p in matched}) / doc_len if doc_len else nan,
        idf_total,
        nan if lexical_score is None else lexical_score,
        nan if lexical_score is None or lexical_best <= 0 else lexical_score / lexical_best,
        nan if lexical_rank is None else float(lexical_rank),
        nan if similarity is None else similarity,
        nan if similarity is None or similarity_best is None else similarity_best - similarity,
        nan if semantic_rank is None else float(semantic_rank),
        Levenshtein.normalized_similarity(query.compact, doc.compact[: 2 * len(query.compact)]),
        _bm25(query, doc),
        (doc_len - 1 - positions[-1]) / doc_len if n and positions[-1] >= 0 and doc_len else nan,
        nan if similarity_best is None else similarity_best,
        nan,
    ]


def _bm25(query: QueryProfile, doc: DocumentProfile) -> float:
    """BM25 of the name text over canonical words (stem matches count as the word)."""
    if not doc.stems:
        return 0.0
    counts: dict[str, int] = {}
    for s in doc.stems:
        counts[s] = counts.get(s, 0) + 1
    norm = BM25_K1 * (1 - BM25_B + BM25_B * len(doc.stems) / BM25_AVERAGE_LENGTH)
    score = 0.0
    for term_stem, weight in zip(query.stems, query.idf, strict=True):
        tf = counts.get(term_stem, 0)
        if tf:
            score += weight * tf * (BM25_K1 + 1) / (tf + norm)
    return score


def add_set_features(matrix: np.ndarray) -> np.ndarray:
    """Fill the features that describe a query's whole candidate set (in place)."""
    if matrix.shape[0]:
        coverage = matrix[:, FEATURE_NAMES.index("coverage_any")]
        full = float(np.mean(np.nan_to_num(coverage) >= 1.0))
        matrix[:, FEATURE_NAMES.index("full_coverage_share")] = full
    return matrix


def feature_matrix(rows: Sequence[Sequence[float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURE_NAMES))
