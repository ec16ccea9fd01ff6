"""The plan of one search: the request checked against the index and read once.

Everything retrieval, ranking and the response share is settled here, in the order the
request's errors are reported: filter, facets, sort, embedder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import tantivy

from souk.errors import SoukError
from souk.runtime.index_runtime import IndexRuntime
from souk.search.compounds import add_compounds
from souk.search.request import SearchRequest
from souk.search.respond.facets import facet_attributes
from souk.search.respond.pagination import Page, page_of
from souk.search.scope import Scope
from souk.search.sorting import SortKey, parse_sort
from souk.search.spelling import correct_groups, vocabulary_for
from souk.search.terms import TermGroup, build_groups, typo_rules
from souk.text.stopwords import normalize_stop_words


@dataclass(frozen=True)
class SearchPlan:
    flt: tantivy.Query | None  # the request's filter AND the caller's scope, compiled
    facets: list[str] | None  # validated facet attributes (None: no facets asked for)
    sort: list[SortKey]
    page: Page
    semantic_ratio: float  # 0: keyword only, 1: semantic only
    groups: list[TermGroup]  # the query's term groups
    feature_query: str  # the query text the learned model reads (spelling corrected)
    learned: bool  # the learned model orders this search


def plan_search(
    runtime: IndexRuntime,
    request: SearchRequest,
    *,
    scope: Scope,
    ranker: str,
    max_words: int | None = None,
) -> SearchPlan:
    """``ranker`` is the engine's default ranker, which the request's ``ranker`` overrides;
    only the first ``max_words`` query words are searched."""
    flt = runtime.compile_filter(scope.narrow(request.filter))
    facets = facet_attributes(runtime, request.facets)
    sort = parse_sort(request.sort or [], list(runtime.layout.sortable))
    page = page_of(request, int(runtime.settings["pagination"]["maxTotalHits"]))
    query_text = request.q or ""
    ratio = semantic_ratio(runtime, request)
    groups, feature_query = term_groups(runtime, query_text, correct=True, max_words=max_words)
    learned = uses_learned_ranking(runtime, request.ranker or ranker, groups, sort, ratio)
    if not learned:
        # rule-based ranking searches the words as typed
        groups, feature_query = term_groups(runtime, query_text, correct=False, max_words=max_words)
    return SearchPlan(flt, facets, sort, page, ratio, groups, feature_query, learned)


def term_groups(
    runtime: IndexRuntime, query: str, *, correct: bool, max_words: int | None = None
) -> tuple[list[TermGroup], str]:
    """The query's term groups with compound alternatives and, when ``correct``, spelling
    corrections of unknown words; plus the corrected query text the ranking model reads
    (only the words searched, when the query had more than ``max_words``).
    """
    settings = runtime.settings
    groups = build_groups(
        query,
        synonyms=settings.get("synonyms") or {},
        stop_words=normalize_stop_words(settings.get("stopWords") or []),
        max_words=max_words,
    )
    if max_words is not None and len(query.split()) > max_words:
        # the ranking model reads the words searched, not the ones ignored
        query = " ".join(w.text for g in groups for w in g.words)
    frequency = lru_cache(maxsize=256)(runtime.lexical.document_frequency)
    add_compounds(groups, frequency)
    if not correct:
        return groups, query
    fixes = correct_groups(
        groups,
        frequency,
        lambda: vocabulary_for(runtime.lexical),
        typo_rules(settings),
    )
    if not fixes:
        return groups, query
    words = [fixes.get(w.text, w.text) for g in groups for w in g.words]
    return groups, " ".join(words)


def semantic_ratio(runtime: IndexRuntime, request: SearchRequest) -> float:
    """The request's ``semanticRatio``; a vector without a query is a semantic search."""
    if request.hybrid is None:
        return 1.0 if request.vector is not None and not request.q else 0.0
    embedder = request.hybrid.embedder
    if embedder not in runtime.vectors:
        available = ", ".join(f"`{name}`" for name in runtime.vectors) or "none"
        raise SoukError(
            f"Cannot find embedder with name `{embedder}`. Available embedders: {available}.",
            "invalid_search_embedder",
        )
    return request.hybrid.semantic_ratio


def uses_learned_ranking(
    runtime: IndexRuntime,
    ranker: str,
    groups: list[TermGroup],
    sort: Sequence[SortKey],
    ratio: float,
) -> bool:
    """Whether the learned model orders this search.

    It stands in for Meilisearch's built-in relevance rules (words, typo, proximity,
    attribute, exactness), so it applies to a text query without a sort, on an index
    whose ranking rules are only built-in ones (no custom ``attribute:asc|desc`` rule),
    unless turned off (``SOUK_RANKER=rules`` or the
    ``ranker: "rules"`` search parameter). Pure semantic search keeps the vector order.
    """
    return (
        ranker == "learned"
        and bool(groups)
        and not sort
        and ratio < 1.0
        and all(":" not in rule for rule in runtime.settings.get("rankingRules") or [])
    )
