"""One search, end to end: understand → plan → retrieve → rank → respond.

The filter is parsed once into an AST and compiled once to a tantivy query, with the caller's
scope ANDed in; every retrieval strategy and every facet count uses that very query, so the
keyword and the vector side always see exactly the same filtered catalog.

* :mod:`souk.search.plan`: the request checked against the index (filter, facets, sort, page,
  term groups, whether the learned model ranks);
* :mod:`souk.search.retrieve`: keyword, semantic and hybrid retrieval strategies;
* :mod:`souk.search.rank`: relevance order, click signal, merchandising, score threshold;
* :mod:`souk.search.respond`: hits, pagination, facets and details.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from typing import Any

import numpy as np
import tantivy

from souk.runtime.index_runtime import IndexRuntime
from souk.search.limits import Deadline, SearchLimits
from souk.search.plan import SearchPlan, plan_search, semantic_ratio, term_groups
from souk.search.rank.clicks import ClickBoost
from souk.search.rank.learned import LearnedRanking
from souk.search.rank.stage import RankingStage
from souk.search.request import SearchRequest
from souk.search.rerank.reranker import KEYWORD_DEPTH, SEMANTIC_DEPTH
from souk.search.respond.builder import ResponseBuilder
from souk.search.retrieve import RetrievalStrategy
from souk.search.retrieve.hybrid import HYBRID_DEPTH, HybridRetrieval
from souk.search.retrieve.keyword import KeywordRetrieval
from souk.search.retrieve.semantic import SemanticRetrieval
from souk.search.scope import EVERYTHING, Scope, and_filters
from souk.search.stopwatch import Stopwatch
from souk.search.understand import understand
from souk.search.understand.vocabulary import vocabulary_of

__all__ = ["ClickBoost", "SearchPipeline"]


class SearchPipeline:
    """One search over one index: understand → retrieve → rank → respond.

    It reads the index through its :class:`IndexRuntime` and never writes. ``scope`` is the
    caller's access rule: every retrieval (keyword, semantic, facet counts) is limited to it,
    whatever the request's own filter says. ``limits`` bound the request and its time: past
    the deadline, the learned model is skipped and the response says ``"degraded": true``.
    """

    def __init__(
        self,
        runtime: IndexRuntime,
        *,
        ranker: str = "learned",
        clicks: ClickBoost | None = None,
        scope: Scope = EVERYTHING,
        limits: SearchLimits | None = None,
    ) -> None:
        self.rt = runtime
        self.ranker = ranker
        self.clicks = clicks
        self.scope = scope
        self.limits = limits or SearchLimits()
        self._deadline: Deadline | None = None

    # -- public ---------------------------------------------------------------------------
    def run(self, request: SearchRequest) -> dict[str, Any]:
        """The Meilisearch-shaped response, tagged with a ``queryUid`` that clicks can name."""
        self.limits.check(request)
        self._deadline = self.limits.deadline(self.rt.settings)
        result = self._understood(request)
        if self._deadline.degraded:
            result["degraded"] = True
        return _with_query_uid(result)

    def _understood(self, request: SearchRequest) -> dict[str, Any]:
        """The response, with natural language turned into filters first when asked."""
        if not request.understand or not request.q:
            return self._execute(request)
        understanding = understand(request.q, vocabulary_of(self.rt))
        rewritten = replace(
            request,
            q=understanding.query,
            filter=and_filters(request.filter, understanding.filter_expressions or None),
            sort=request.sort or understanding.sort_expressions or None,
        )
        result = self._execute(rewritten)
        result["query"] = request.q
        result["understanding"] = understanding.to_dict()
        return result

    def ranking_candidates(self, request: SearchRequest) -> tuple[list[int], np.ndarray]:
        """The candidates the learned model would order for ``request``, with their features.

        Used to train ranking models on judged queries through exactly the search path.
        """
        groups, feature_query = term_groups(
            self.rt, request.q or "", correct=True, max_words=self.limits.query_words
        )
        if not groups:
            return [], np.zeros((0, 0))
        flt = self.rt.compile_filter(self.scope.narrow(request.filter))
        ratio = semantic_ratio(self.rt, request)
        keyword = KeywordRetrieval(
            self.rt,
            flt,
            groups,
            matching_strategy=request.matching_strategy,
            search_on=request.attributes_to_search_on,
            sort=[],
            depth=KEYWORD_DEPTH,
            any_word=True,
        )
        found = keyword.retrieve(Stopwatch()).keyword or []
        semantic = (
            self._semantic(request, flt, SEMANTIC_DEPTH, text=feature_query).candidates()
            if ratio > 0
            else []
        )
        return LearnedRanking(self.rt, feature_query, len(groups)).features(found, semantic)

    # -- stages ---------------------------------------------------------------------------
    def _execute(self, request: SearchRequest) -> dict[str, Any]:
        """The response to ``request`` as it stands (query understanding already applied)."""
        started = time.perf_counter()
        watch = Stopwatch()
        plan = plan_search(
            self.rt,
            request,
            scope=self.scope,
            ranker=self.ranker,
            max_words=self.limits.query_words,
        )
        watch.lap("parse")
        retrieval = self._strategy(plan, request).retrieve(watch)
        ranking = RankingStage(
            learned=(
                LearnedRanking(self.rt, plan.feature_query, len(plan.groups))
                if plan.learned
                else None
            ),
            semantic_ratio=plan.semantic_ratio,
            clicks=self.clicks,
            deadline=self._deadline,
        ).rank(
            retrieval,
            query=request.q or "",
            sort=plan.sort,
            needed=plan.page.needed,
            threshold=request.ranking_score_threshold,
            watch=watch,
        )
        response = ResponseBuilder(
            self.rt,
            request,
            groups=plan.groups,
            page=plan.page,
            facets=plan.facets,
            recount=self._facet_distribution,
            watch=watch,
        ).build(
            ranking.candidates,
            total=ranking.total,
            universe=retrieval.universe,
            semantic_side=retrieval.semantic is not None,
        )
        response["processingTimeMs"] = int((time.perf_counter() - started) * 1000)
        return response

    def _facet_distribution(self, request: SearchRequest) -> dict[str, dict[str, int]]:
        """A disjunctive facet's counts: a whole search of the relaxed request, in scope."""
        distribution: dict[str, dict[str, int]] = self._execute(request)["facetDistribution"]
        return distribution

    def _strategy(self, plan: SearchPlan, request: SearchRequest) -> RetrievalStrategy:
        """Which retrieval serves this search, and how deep each side reaches.

        Semantic alone for a ratio of 1 (or a vector with no query words); otherwise keyword,
        joined by the vector side in hybrid search. The learned model reads at least
        ``KEYWORD_DEPTH`` documents matching any query word and, in hybrid search,
        ``SEMANTIC_DEPTH`` neighbours of the spelling-corrected query.
        """
        needed = plan.page.needed
        ratio = plan.semantic_ratio
        if ratio >= 1.0 or (ratio > 0 and not plan.groups and request.vector is not None):
            return self._semantic(request, plan.flt, max(needed, HYBRID_DEPTH))
        depth = needed if ratio <= 0 else max(needed, HYBRID_DEPTH)
        if plan.learned:
            depth = max(depth, KEYWORD_DEPTH)
        keyword = KeywordRetrieval(
            self.rt,
            plan.flt,
            plan.groups,
            matching_strategy=request.matching_strategy,
            search_on=request.attributes_to_search_on,
            sort=plan.sort,
            depth=depth,
            any_word=plan.learned,
        )
        if plan.learned:
            if ratio <= 0:
                return keyword
            semantic = self._semantic(request, plan.flt, SEMANTIC_DEPTH, text=plan.feature_query)
            return HybridRetrieval(keyword, semantic)
        if ratio > 0 and (plan.groups or request.vector is not None):
            semantic = self._semantic(request, plan.flt, max(needed, HYBRID_DEPTH))
            return HybridRetrieval(keyword, semantic)
        return keyword

    def _semantic(
        self, request: SearchRequest, flt: tantivy.Query | None, k: int, *, text: str | None = None
    ) -> SemanticRetrieval:
        """kNN of the query vector, or of ``text`` (the corrected query) else ``q``, embedded."""
        return SemanticRetrieval(
            self.rt,
            flt,
            embedder=request.hybrid.embedder if request.hybrid else "default",
            vector=request.vector,
            text=(text or request.q) if request.q else None,
            k=k,
        )


def _with_query_uid(response: dict[str, Any]) -> dict[str, Any]:
    """Tag a response so the clicks it leads to can name it (events carry ``queryUid``)."""
    response["queryUid"] = uuid.uuid4().hex
    return response
