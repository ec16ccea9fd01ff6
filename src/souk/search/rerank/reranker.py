"""Re-rank the first candidates of a search with a learned model over match features.

The retrievers (BM25 over every query word, and the vector index in hybrid search) each bring
their best candidates; for each candidate we compute :mod:`souk.search.rerank.features` against
the document's *name text* — its short searchable values (title, brand, category, colour, …),
long descriptions excluded, as a shopper scanning a result list would read it — and order them
by the model's score. Everything below the re-ranked window keeps the retrieval order.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from souk.retrieval.layout import leaf_values
from souk.runtime.index_runtime import IndexRuntime
from souk.search.rerank.features import (
    FEATURE_NAMES,
    DocumentProfile,
    QueryProfile,
    add_set_features,
    feature_matrix,
    features,
)
from souk.search.rerank.model import RankingModel, shipped_model

# Keyword and semantic candidates the model sees; deeper hits keep the retrieval order.
KEYWORD_DEPTH = 150
SEMANTIC_DEPTH = 100
# Name-text profiles kept between searches, per index and by text (the same objects). A profile
# of a demo product holds ≈ 45 KB of Python objects (word, stem and trigram sets), so this
# bounds the caches to ≈ 740 MB (they could reach ≈ 1.4 GB at 30,000 / 32,768). 8,192 cost 50-70%
# of the search time on 300 varied queries over 20,000 products; 16,384 costs nothing there.
PROFILE_CACHE_SIZE = 16_384
# A searchable value longer than this many characters is body text, not part of the name.
NAME_VALUE_CHARS = 300


@dataclass(frozen=True)
class Reranked:
    iid: int
    score: float  # 0..1, never increasing down the list (see ranking_scores)
    lexical: bool
    similarity: float | None
    coverage: float = 0.0  # share of the query's words the document matches (any form)


@lru_cache(maxsize=PROFILE_CACHE_SIZE)
def _document_profile(text: str) -> DocumentProfile:
    return DocumentProfile.of(text)


class _ProfileCache:
    """Profiles of recently ranked documents, valid for one searcher (i.e. until a write)."""

    def __init__(self, searcher: object) -> None:
        self.searcher = searcher
        self.items: OrderedDict[int, DocumentProfile] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, iids: Sequence[int]) -> tuple[dict[int, DocumentProfile], list[int]]:
        found: dict[int, DocumentProfile] = {}
        missing: list[int] = []
        with self.lock:
            for iid in iids:
                profile = self.items.get(iid)
                if profile is None:
                    missing.append(iid)
                else:
                    self.items.move_to_end(iid)
                    found[iid] = profile
        return found, missing

    def put(self, profiles: Mapping[int, DocumentProfile]) -> None:
        with self.lock:
            self.items.update(profiles)
            while len(self.items) > PROFILE_CACHE_SIZE:
                self.items.popitem(last=False)


_caches: weakref.WeakKeyDictionary[object, _ProfileCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def name_text(doc: Mapping[str, Any], searchable: Sequence[str], primary_key: str | None) -> str:
    """The document's short searchable values, in searchableAttributes order."""
    parts: list[str] = []
    for attribute in searchable:
        if attribute == primary_key or attribute == "*":
            continue
        for value in leaf_values(doc, attribute):
            if value is None or isinstance(value, bool):
                continue
            text = str(value)
            if len(text) <= NAME_VALUE_CHARS:
                parts.append(text)
    return " ".join(parts)


def ranking_scores(coverage: np.ndarray) -> list[float]:
    """``_rankingScore`` values for documents in model order, from their query coverage.

    A model score has no absolute meaning, but ``rankingScoreThreshold`` needs one: each
    document gets the best coverage (1 = every query word exactly, typos and prefixes less) of
    itself and everything ranked below it, so scores never increase down the list and a
    threshold keeps the prefix of the ranking down to its last hit of that quality.
    """
    quality = np.nan_to_num(coverage.astype(np.float64), nan=0.0)
    envelope = np.maximum.accumulate(quality[::-1])[::-1] if quality.size else quality
    return [round(float(v), 6) for v in envelope]


class Reranker:
    def __init__(self, runtime: IndexRuntime, model: RankingModel | None = None) -> None:
        self.rt = runtime
        self.model = model

    def _idf(self) -> Callable[[str], float]:
        lexical = self.rt.lexical
        total = max(lexical.num_docs(), 1)
        frequency = lru_cache(maxsize=256)(lexical.document_frequency)

        def idf(term: str) -> float:
            df = frequency(term)
            return math.log(1 + (total - df + 0.5) / (df + 0.5))

        return idf

    def _profiles(self, iids: Sequence[int]) -> dict[int, DocumentProfile]:
        """Name-text profiles by iid: from the cache, else from the stored documents."""
        lexical = self.rt.lexical
        searcher = lexical.searcher
        with _caches_lock:
            cache = _caches.get(lexical)
            if cache is None or cache.searcher is not searcher:
                cache = _ProfileCache(searcher)
                _caches[lexical] = cache
        found, missing = cache.get(iids)
        if missing:
            docs = self.rt.lexical_documents(missing)
            searchable = self.rt.layout.searchable
            primary = self.rt.record.primary_key
            fresh = {
                iid: _document_profile(name_text(docs.get(iid, {}), searchable, primary))
                for iid in missing
            }
            cache.put(fresh)
            found.update(fresh)
        return found

    def candidate_features(
        self,
        query: str,
        keyword: Sequence[tuple[int, float]],
        semantic: Sequence[tuple[int, float]],
    ) -> tuple[list[int], np.ndarray]:
        """The candidate iids (keyword first, then semantic-only) and their feature rows."""
        keyword = keyword[:KEYWORD_DEPTH]
        semantic = semantic[:SEMANTIC_DEPTH]
        lexical = {iid: (rank, score) for rank, (iid, score) in enumerate(keyword)}
        vector = {iid: (rank, sim) for rank, (iid, sim) in enumerate(semantic)}
        iids = list(dict.fromkeys([iid for iid, _ in keyword] + [iid for iid, _ in semantic]))
        if not iids:
            return [], feature_matrix([])
        profiles = self._profiles(iids)
        profile = QueryProfile.of(query, self._idf())
        best = max((score for _, score in keyword), default=0.0)
        best_sim = max((sim for _, sim in semantic), default=None)
        rows = []
        for iid in iids:
            lex = lexical.get(iid)
            sem = vector.get(iid)
            rows.append(
                features(
                    profile,
                    profiles[iid],
                    lexical_score=None if lex is None else lex[1],
                    lexical_best=best,
                    lexical_rank=None if lex is None else lex[0],
                    similarity=None if sem is None else sem[1],
                    similarity_best=best_sim,
                    semantic_rank=None if sem is None else sem[0],
                )
            )
        return iids, add_set_features(feature_matrix(rows))

    def rerank(
        self,
        query: str,
        keyword: Sequence[tuple[int, float]],
        semantic: Sequence[tuple[int, float]] = (),
    ) -> list[Reranked]:
        """Candidates ordered by the model, then the keyword hits beyond the window."""
        model = self.model or shipped_model("hybrid" if semantic else "keyword")
        iids, matrix = self.candidate_features(query, keyword, semantic)
        order = np.argsort(-model.predict(matrix), kind="stable")
        scores = ranking_scores(matrix[order, FEATURE_NAMES.index("coverage_strength")])
        covered = np.nan_to_num(matrix[order, FEATURE_NAMES.index("coverage_any")], nan=0.0)
        lexical = {iid for iid, _ in keyword}
        similarity = dict(semantic)
        out = [
            Reranked(iids[i], score, iids[i] in lexical, similarity.get(iids[i]), float(share))
            for i, score, share in zip(order, scores, covered, strict=True)
        ]
        floor = out[-1].score if out else 1.0
        seen = set(iids)
        for iid, _score in keyword[KEYWORD_DEPTH:]:
            if iid not in seen:
                seen.add(iid)
                out.append(Reranked(iid, floor, True, similarity.get(iid)))
        return out
