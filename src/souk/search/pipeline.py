"""One search, end to end: parse → filter → keyword ∥ semantic → fuse → page → facets → format.

The filter is parsed once into an AST and compiled once to a tantivy query; the semantic side
uses the very same compiled query to collect the permitted ids, so both retrievers always see
exactly the same filtered catalog.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import tantivy

from souk.errors import SoukError
from souk.retrieval.filters import FilterError, parse_filter
from souk.retrieval.layout import IID_FIELD, leaf_values
from souk.runtime.index_runtime import IndexRuntime
from souk.search.compounds import add_compounds
from souk.search.facets import facet_distribution
from souk.search.fusion import weighted_rrf
from souk.search.highlight import MatchSpec, format_hit
from souk.search.keyword import KeywordHit, keyword_search
from souk.search.request import SearchRequest
from souk.search.rerank.reranker import KEYWORD_DEPTH, SEMANTIC_DEPTH, Reranker
from souk.search.scope import EVERYTHING, Scope, and_filters
from souk.search.sorting import parse_sort
from souk.search.spelling import correct_groups, vocabulary_for
from souk.search.terms import GroupQueryBuilder, TermGroup, build_groups, typo_rules
from souk.search.understand import understand
from souk.search.understand.vocabulary import vocabulary_of
from souk.text.normalize import normalize_value
from souk.text.stopwords import normalize_stop_words

# How many candidates each retriever contributes to a hybrid fusion, at least.
HYBRID_DEPTH = 100


@dataclass
class _Ranked:
    iid: int
    score: float
    semantic: bool = False
    matched: int = 0  # query words (groups) the document matched, for score details
    similarity: float | None = None
    learned: bool = False  # ordered by the learned ranking model


class _Stopwatch:
    """Per-stage timings for ``showPerformanceDetails``."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.marks[stage] = self.marks.get(stage, 0.0) + (now - self._last) * 1000
        self._last = now

    def report(self) -> dict[str, str]:
        return {stage: f"{ms:.2f}ms" for stage, ms in self.marks.items()}


@dataclass(frozen=True)
class ClickBoost:
    """Click-through lifts (iid → [-1, 1]) reorder the head of a relevance-ranked list.

    Each of the first ``CLICK_DEPTH`` documents keeps a position score 1/log2(rank+2) and gains
    ``weight`` × its lift, so a weight of 0.1 lets a strong lift move a document a few places
    but not from page five to the top.
    """

    weight: float
    lifts: Callable[[str, Sequence[int]], dict[int, float]]


CLICK_DEPTH = 100


class SearchPipeline:
    """One search over one index: understand → retrieve → rank → respond.

    It reads the index through its :class:`IndexRuntime` and never writes. ``scope`` is the
    caller's access rule: every retrieval (keyword, semantic, facet counts) is limited to it,
    whatever the request's own filter says.
    """

    def __init__(
        self,
        runtime: IndexRuntime,
        *,
        ranker: str = "learned",
        clicks: ClickBoost | None = None,
        scope: Scope = EVERYTHING,
    ) -> None:
        self.rt = runtime
        self.ranker = ranker
        self.clicks = clicks
        self.scope = scope

    # -- public ---------------------------------------------------------------------------
    def run(self, request: SearchRequest) -> dict[str, Any]:
        """The Meilisearch-shaped response, tagged with a ``queryUid`` that clicks can name."""
        if not request.understand or not request.q:
            return _with_query_uid(self._execute(request))
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
        return _with_query_uid(result)

    def _execute(self, request: SearchRequest) -> dict[str, Any]:
        started = time.perf_counter()
        watch = _Stopwatch()
        settings = self.rt.settings
        flt = self.rt.compile_filter(self.scope.narrow(request.filter))
        facets = self._facet_attributes(request.facets)
        sort = parse_sort(request.sort or [], list(self.rt.layout.sortable))
        offset, limit = self._window(request)
        max_total = int(settings["pagination"]["maxTotalHits"])
        needed = max(0, min(offset + limit, max_total))

        query_text = request.q or ""
        ratio = self._semantic_ratio(request)
        groups, feature_query = self._groups(query_text, correct=True)
        learned = self._learned_ranking(request, groups, sort, ratio)
        if not learned:
            groups, feature_query = self._groups(query_text, correct=False)
        watch.lap("parse")
        ranked: list[_Ranked]
        universe: tantivy.Query
        semantic_hits: int | None = None
        if ratio >= 1.0 or (ratio > 0 and not groups and request.vector is not None):
            sem = self._semantic(request, flt, max(needed, HYBRID_DEPTH))
            ranked = [_Ranked(iid, score, True, similarity=score) for iid, score in sem]
            watch.lap("semantic")
            universe = self._id_query([iid for iid, _ in sem], flt)
            total = len(ranked)
            semantic_hits = 0
        else:
            depth = needed if ratio <= 0 else max(needed, HYBRID_DEPTH)
            if learned:
                depth = max(depth, KEYWORD_DEPTH)
            kw = self._keyword(groups, flt, request, sort, depth, any_word=learned)
            best = self._bucket_best(kw.hits)
            ranked = [
                _Ranked(h.iid, self._keyword_score(h, kw.groups, best), matched=h.bucket)
                for h in kw.hits
            ]
            universe, total = kw.universe, kw.total
            watch.lap("keyword")
            if learned:
                sem = (
                    self._semantic(request, flt, SEMANTIC_DEPTH, text=feature_query)
                    if ratio > 0
                    else []
                )
                watch.lap("semantic")
                reranked = Reranker(self.rt).rerank(
                    feature_query, [(h.iid, h.score) for h in kw.hits], sem
                )
                ranked = [
                    _Ranked(
                        r.iid,
                        r.score,
                        not r.lexical,
                        matched=round(r.coverage * len(groups)),
                        similarity=r.similarity,
                        learned=True,
                    )
                    for r in reranked
                ]
                extra = [iid for iid, _ in sem if iid not in {h.iid for h in kw.hits}]
                if extra:
                    universe = tantivy.Query.boolean_query(
                        [
                            (tantivy.Occur.Should, universe),
                            (tantivy.Occur.Should, self._id_query(extra, flt)),
                        ]
                    )
                    total += len(extra)
                if ratio > 0:
                    semantic_hits = 0
                watch.lap("rerank")
            elif ratio > 0 and (groups or request.vector is not None):
                sem = self._semantic(request, flt, max(needed, HYBRID_DEPTH))
                fused = weighted_rrf([r.iid for r in ranked], [iid for iid, _ in sem], ratio)
                kw_scores = {r.iid: r.score for r in ranked}
                kw_matched = {r.iid: r.matched for r in ranked}
                sem_scores = dict(sem)
                ranked = [
                    _Ranked(
                        f.iid,
                        max(kw_scores.get(f.iid, 0.0), sem_scores.get(f.iid, 0.0)),
                        f.from_semantic,
                        kw_matched.get(f.iid, 0),
                        sem_scores.get(f.iid),
                    )
                    for f in fused
                ]
                watch.lap("semantic")
                extra = [iid for iid, _ in sem if iid not in kw_scores]
                if extra:
                    universe = tantivy.Query.boolean_query(
                        [
                            (tantivy.Occur.Should, universe),
                            (tantivy.Occur.Should, self._id_query(extra, flt)),
                        ]
                    )
                    total += len(extra)
                semantic_hits = 0

        if self.clicks is not None and query_text.strip() and not sort:
            ranked = self._with_clicks(ranked, query_text, max(needed, CLICK_DEPTH))
        if request.ranking_score_threshold is not None:
            ranked = [r for r in ranked if r.score >= request.ranking_score_threshold]
            total = min(total, len(ranked)) if len(ranked) < needed else total
        distinct = request.distinct or settings.get("distinctAttribute")
        page_ids = [r.iid for r in ranked]
        documents = self.rt.lexical_documents(page_ids[: needed * (3 if distinct else 1)])
        if distinct:
            ranked = self._distinct(ranked, documents, distinct)
        window = ranked[offset:needed]
        watch.lap("fetch documents")
        hits = self._format_hits(window, documents, request, groups)
        watch.lap("format")
        if semantic_hits is not None:
            semantic_hits = sum(1 for r in window if r.semantic)

        response: dict[str, Any] = {"hits": hits, "query": query_text, "processingTimeMs": 0}
        capped_total = min(total, max_total)
        if request.paginated:
            per_page = limit
            response["hitsPerPage"] = per_page
            response["page"] = 1 if request.page is None else request.page
            response["totalPages"] = (capped_total + per_page - 1) // per_page if per_page else 0
            response["totalHits"] = capped_total
        else:
            response["limit"] = limit
            response["offset"] = offset
            response["estimatedTotalHits"] = capped_total
        if facets is not None:
            response.update(self._facets(universe, flt, facets, request))
            watch.lap("facets")
        if request.extra.get("showPerformanceDetails"):
            response["performanceDetails"] = watch.report()
        if semantic_hits is not None:
            response["semanticHitCount"] = semantic_hits
        response["processingTimeMs"] = int((time.perf_counter() - started) * 1000)
        return response

    def _with_clicks(self, ranked: list[_Ranked], query: str, depth: int) -> list[_Ranked]:
        assert self.clicks is not None
        head = ranked[:depth]
        lifts = self.clicks.lifts(query, [r.iid for r in head])
        if not lifts:
            return ranked
        weight = self.clicks.weight
        keys = [
            1.0 / math.log2(position + 2) + weight * lifts.get(r.iid, 0.0)
            for position, r in enumerate(head)
        ]
        order = sorted(range(len(head)), key=lambda n: (-keys[n], n))
        return [head[n] for n in order] + ranked[depth:]

    def ranking_candidates(self, request: SearchRequest) -> tuple[list[int], np.ndarray]:
        """The candidates the learned model would order for ``request``, with their features.

        Used to train ranking models on judged queries through exactly the search path.
        """
        groups, feature_query = self._groups(request.q or "", correct=True)
        if not groups:
            return [], np.zeros((0, 0))
        flt = self.rt.compile_filter(self.scope.narrow(request.filter))
        ratio = self._semantic_ratio(request)
        kw = self._keyword(groups, flt, request, [], KEYWORD_DEPTH, any_word=True)
        sem = self._semantic(request, flt, SEMANTIC_DEPTH, text=feature_query) if ratio > 0 else []
        return Reranker(self.rt).candidate_features(
            feature_query, [(h.iid, h.score) for h in kw.hits], sem
        )

    # -- pieces ---------------------------------------------------------------------------
    def _groups(self, query: str, *, correct: bool) -> tuple[list[TermGroup], str]:
        """The query's term groups with compound alternatives and, when ``correct``, spelling
        corrections of unknown words; plus the corrected query text the ranking model reads.
        """
        settings = self.rt.settings
        groups = build_groups(
            query,
            synonyms=settings.get("synonyms") or {},
            stop_words=normalize_stop_words(settings.get("stopWords") or []),
        )
        frequency = lru_cache(maxsize=256)(self.rt.lexical.document_frequency)
        add_compounds(groups, frequency)
        if not correct:
            return groups, query
        fixes = correct_groups(
            groups,
            frequency,
            lambda: vocabulary_for(self.rt.lexical),
            typo_rules(settings),
        )
        if not fixes:
            return groups, query
        words = [fixes.get(w.text, w.text) for g in groups for w in g.words]
        return groups, " ".join(words)

    def _window(self, request: SearchRequest) -> tuple[int, int]:
        if request.paginated:
            per_page = 20 if request.hits_per_page is None else request.hits_per_page
            page = 1 if request.page is None else max(request.page, 1)
            if request.page == 0:
                return 0, 0
            return (page - 1) * per_page, per_page
        return request.offset, request.limit

    def _semantic_ratio(self, request: SearchRequest) -> float:
        if request.hybrid is None:
            return 1.0 if request.vector is not None and not request.q else 0.0
        embedder = request.hybrid.embedder
        if embedder not in self.rt.vectors:
            available = ", ".join(f"`{name}`" for name in self.rt.vectors) or "none"
            raise SoukError(
                f"Cannot find embedder with name `{embedder}`. Available embedders: {available}.",
                "invalid_search_embedder",
            )
        return request.hybrid.semantic_ratio

    def _facet_attributes(self, facets: Sequence[str] | None) -> list[str] | None:
        if facets is None:
            return None
        filterable = list(self.rt.settings["filterableAttributes"])
        if "*" in facets:
            return list(self.rt.layout.filterable)
        for name in facets:
            if name not in self.rt.layout.filterable:
                available = ", ".join(f"`{a}`" for a in sorted(filterable)) or "none"
                raise SoukError(
                    f"Invalid facet distribution, attribute `{name}` is not filterable. The "
                    f"available filterable attribute patterns are: {available}.",
                    "invalid_search_facets",
                )
        return list(facets)

    def _learned_ranking(
        self, request: SearchRequest, groups: list[TermGroup], sort: Sequence[Any], ratio: float
    ) -> bool:
        """Whether the learned model orders this search.

        It stands in for Meilisearch's built-in relevance rules (words, typo, proximity,
        attribute, exactness), so it applies to a text query without a sort, on an index
        whose ranking rules are only built-in ones (no custom ``attribute:asc|desc`` rule),
        unless turned off (``SOUK_RANKER=rules`` or the
        ``ranker: "rules"`` search parameter). Pure semantic search keeps the vector order.
        """
        choice = request.extra.get("ranker") or self.ranker
        return (
            choice == "learned"
            and bool(groups)
            and not sort
            and ratio < 1.0
            and all(":" not in rule for rule in self.rt.settings.get("rankingRules") or [])
        )

    def _keyword(
        self,
        groups: list[TermGroup],
        flt: tantivy.Query | None,
        request: SearchRequest,
        sort: Sequence[Any],
        depth: int,
        *,
        any_word: bool = False,
    ) -> Any:
        builder = GroupQueryBuilder(
            self.rt.lexical.schema,
            self.rt.layout,
            typo_rules(self.rt.settings),
            disable_typos_on=self.rt.settings["typoTolerance"].get("disableOnAttributes", []),
            only=self._search_on(request.attributes_to_search_on),
        )
        queries = [q for q in (builder.build(g) for g in groups) if q is not None]
        if groups and not queries:  # nothing to search on: no document can match
            queries = [tantivy.Query.empty_query()]
        frequencies = None
        strategy = request.matching_strategy
        if any_word and strategy != "all":
            # The learned model weighs how much of the query a document covers; its
            # candidates are every document matching any query word, by BM25.
            strategy = "any"
        if strategy == "frequency" and queries:
            frequencies = [self.rt.lexical.count(q) for q in queries]
        return keyword_search(
            self.rt.lexical,
            queries,
            flt=flt,
            strategy=strategy,
            needed=depth,
            sort=sort,
            frequencies=frequencies,
            loader=self.rt.lexical_documents,
        )

    def _search_on(self, attributes: Sequence[str] | None) -> list[str] | None:
        if attributes is None or "*" in attributes:
            return None
        searchable = self.rt.layout.searchable
        for name in attributes:
            if name not in searchable:
                raise SoukError(
                    f"Attribute `{name}` is not searchable. Available searchable attributes "
                    "are: " + ", ".join(f"`{a}`" for a in searchable) + ".",
                    "invalid_search_attributes_to_search_on",
                )
        return list(attributes)

    @staticmethod
    def _bucket_best(hits: Sequence[KeywordHit]) -> dict[int, float]:
        best: dict[int, float] = {}
        for hit in hits:
            if hit.score > best.get(hit.bucket, float("-inf")):
                best[hit.bucket] = hit.score
        return best

    @staticmethod
    def _keyword_score(hit: KeywordHit, groups: int, best: dict[int, float]) -> float:
        """A 0..1 ranking score: share of query words matched, refined by relative BM25."""
        if groups == 0:
            return 1.0
        top = best.get(hit.bucket, hit.score) or 1.0
        return round((hit.bucket / groups) * (0.8 + 0.2 * min(hit.score / top, 1.0)), 6)

    def _semantic(
        self, request: SearchRequest, flt: tantivy.Query | None, k: int, *, text: str | None = None
    ) -> list[tuple[int, float]]:
        """kNN of the query vector (or of ``text``, the spelling-corrected query, if given)."""
        name = request.hybrid.embedder if request.hybrid else "default"
        vectors = self.rt.vectors.get(name)
        if vectors is None:
            raise SoukError(f"Cannot find embedder with name `{name}`.", "invalid_search_embedder")
        if request.vector is not None:
            query = np.asarray(request.vector, dtype=np.float32)
            if query.shape[0] != vectors.dimensions:
                raise SoukError(
                    f"Invalid vector dimensions: expected {vectors.dimensions}, found "
                    f"{query.shape[0]}.",
                    "invalid_vector_dimensions",
                )
        else:
            embedder = self.rt.embedders.get(name)
            if embedder is None or not request.q:
                return []
            query = embedder.embed_query(text or request.q)
        allowed = None
        if flt is not None:
            allowed = np.asarray(sorted(self.rt.lexical.all_iids(flt)), dtype=np.int64)
            if allowed.size == 0:
                return []
        ids, sims = vectors.search(query, k, allowed=allowed)
        return [(int(i), float(s)) for i, s in zip(ids, sims, strict=True)]

    def _id_query(self, iids: Sequence[int], flt: tantivy.Query | None) -> tantivy.Query:
        if not iids:
            return tantivy.Query.empty_query()
        query = tantivy.Query.term_set_query(self.rt.lexical.schema, IID_FIELD, list(iids))
        if flt is None:
            return query
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, flt)])

    @staticmethod
    def _distinct(
        ranked: list[_Ranked], docs: dict[int, dict[str, Any]], attribute: str
    ) -> list[_Ranked]:
        seen: set[str] = set()
        kept: list[_Ranked] = []
        for hit in ranked:
            values = leaf_values(docs.get(hit.iid, {}), attribute)
            key = normalize_value(values[0]) if values else f"\0{hit.iid}"
            if key in seen:
                continue
            seen.add(key)
            kept.append(hit)
        return kept

    def _format_hits(
        self,
        window: Sequence[_Ranked],
        docs: dict[int, dict[str, Any]],
        request: SearchRequest,
        groups: list[TermGroup],
    ) -> list[dict[str, Any]]:
        displayed = list(self.rt.settings["displayedAttributes"])
        spec = MatchSpec(
            terms=[w for g in groups for w in g.words],
            prefix_last=bool(groups and groups[-1].prefix),
            typo_rules=typo_rules(self.rt.settings),
            synonyms=[w for g in groups for alt in g.synonyms for w in alt],
        )
        retrieve = request.attributes_to_retrieve
        hits: list[dict[str, Any]] = []
        for ranked in window:
            doc = docs.get(ranked.iid)
            if doc is None:
                continue
            shown = _project(doc, displayed, retrieve)
            if request.retrieve_vectors and "_vectors" in doc:
                shown["_vectors"] = doc["_vectors"]
            if (
                request.attributes_to_highlight
                or request.attributes_to_crop
                or request.show_matches_position
            ):
                formatted, positions = format_hit(
                    _project(doc, displayed, None),
                    spec,
                    highlight=request.attributes_to_highlight,
                    crop=request.attributes_to_crop,
                    crop_length=request.crop_length,
                    crop_marker=request.crop_marker,
                    pre_tag=request.highlight_pre_tag,
                    post_tag=request.highlight_post_tag,
                    show_matches_position=request.show_matches_position,
                    displayed=displayed,
                )
                if formatted is not None:
                    shown["_formatted"] = _project(formatted, displayed, retrieve)
                if positions is not None:
                    shown["_matchesPosition"] = positions
            if request.show_ranking_score:
                shown["_rankingScore"] = round(float(ranked.score), 6)
            if request.extra.get("showRankingScoreDetails"):
                shown["_rankingScoreDetails"] = self._score_details(ranked, len(groups))
            hits.append(shown)
        return hits

    @staticmethod
    def _score_details(ranked: _Ranked, groups: int) -> dict[str, Any]:
        """The parts of the ranking score, in Meilisearch's shape where they apply."""
        details: dict[str, Any] = {}
        order = 0
        if groups:
            details["words"] = {
                "order": order,
                "matchingWords": ranked.matched,
                "maxMatchingWords": groups,
                "score": round(ranked.matched / groups, 6),
            }
            order += 1
        if ranked.learned:
            details["ranker"] = {"order": order, "model": "learned", "score": ranked.score}
            order += 1
        if ranked.similarity is not None:
            details["vectorSort"] = {"order": order, "similarity": round(ranked.similarity, 6)}
        return details

    def _facets(
        self,
        universe: tantivy.Query,
        flt: tantivy.Query | None,
        attributes: list[str],
        request: SearchRequest,
    ) -> dict[str, Any]:
        settings = self.rt.settings["faceting"]
        searcher = self.rt.lexical.searcher
        distribution, stats = facet_distribution(
            searcher,
            universe,
            attributes,
            max_values=request.facet_values_limit or int(settings.get("maxValuesPerFacet", 100)),
            sort_by=settings.get("sortFacetValuesBy"),
        )
        if request.disjunctive_facets and request.filter:
            distribution = self._disjunctive(distribution, attributes, request, settings)
        return {"facetDistribution": distribution, "facetStats": stats}

    def _disjunctive(
        self,
        distribution: dict[str, dict[str, int]],
        attributes: list[str],
        request: SearchRequest,
        settings: dict[str, Any],
    ) -> dict[str, dict[str, int]]:
        """Counts for a facet ignore the filter clauses on that same facet (multi-select UIs)."""
        clauses = request.filter if isinstance(request.filter, list) else [request.filter]
        for attribute in attributes:
            others = [c for c in clauses if not _mentions_only(c, attribute)]
            if len(others) == len(clauses):
                continue
            relaxed = SearchRequest(
                **{
                    **request.__dict__,
                    "filter": others or None,
                    "facets": [attribute],
                    "disjunctive_facets": False,
                    "limit": 0,
                    "offset": 0,
                    "page": None,
                    "hits_per_page": None,
                }
            )
            result = self._execute(relaxed)
            distribution[attribute] = result["facetDistribution"].get(attribute, {})
        return distribution


def _with_query_uid(response: dict[str, Any]) -> dict[str, Any]:
    """Tag a response so the clicks it leads to can name it (events carry ``queryUid``)."""
    response["queryUid"] = uuid.uuid4().hex
    return response


def _mentions_only(clause: Any, attribute: str) -> bool:
    try:
        node = parse_filter(clause)
    except FilterError:
        return False
    if node is None:
        return False
    from souk.retrieval.filters import attributes as filter_attributes

    return filter_attributes(node) == {attribute}


def _project(
    doc: dict[str, Any], displayed: Sequence[str], retrieve: Sequence[str] | None
) -> dict[str, Any]:
    """Apply displayedAttributes then attributesToRetrieve (``*`` = everything)."""
    out = dict(doc)
    if "*" not in displayed:
        out = {k: v for k, v in out.items() if k in displayed}
    if retrieve is not None and "*" not in retrieve:
        out = {k: v for k, v in out.items() if k in retrieve}
    out.pop("_vectors", None)
    return out
