"""Facet search: the values of one facet matching what the shopper types, with counts.

The counts are those of the search the values would narrow (``q`` and ``filter``), as in
Meilisearch's ``POST /indexes/{uid}/facet-search``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from souk.errors import SoukError, reject_unknown_fields
from souk.runtime.index_runtime import IndexRuntime
from souk.search.limits import SearchLimits, check_query_text
from souk.search.pipeline import SearchPipeline
from souk.search.request import parse_search_request
from souk.search.scope import EVERYTHING, Scope
from souk.search.terms import typo_rules
from souk.text.analyzer import analyze_query
from souk.text.typos import allowed_typos

MAX_FACET_HITS = 100
_ALLOWED = {
    "facetName",
    "facetQuery",
    "q",
    "filter",
    "matchingStrategy",
    "attributesToSearchOn",
    "exhaustiveFacetCount",
    "hybrid",
    "vector",
    "rankingScoreThreshold",
    "locales",
}


def facet_search(
    runtime: IndexRuntime,
    body: Mapping[str, Any],
    *,
    scope: Scope = EVERYTHING,
    limits: SearchLimits | None = None,
) -> dict[str, Any]:
    """Values of ``facetName`` matching ``facetQuery``, counted over the search ``q`` and
    ``filter`` describe, within ``scope`` and ``limits`` (the facet query's first words)."""
    limits = limits or SearchLimits()
    started = time.perf_counter()
    reject_unknown_fields(body, _ALLOWED)
    name = body.get("facetName")
    if not isinstance(name, str):
        raise SoukError("Missing field `facetName`", "missing_facet_search_facet_name")
    if name not in runtime.layout.filterable:
        patterns = ", ".join(f"`{a}`" for a in runtime.settings["filterableAttributes"])
        raise SoukError(
            f"Attribute `{name}` is not facet-searchable. Available facet-searchable attributes "
            f"patterns are: {patterns or 'none'}. To make it facet-searchable add it to the "
            "`filterableAttributes` index settings.",
            "invalid_facet_search_facet_name",
        )
    facet_query = body.get("facetQuery")
    if facet_query is not None and not isinstance(facet_query, str):
        raise SoukError(
            "Invalid value type at `.facetQuery`: expected a string",
            "invalid_facet_search_facet_query",
        )
    check_query_text(facet_query, limits, "facetQuery", "invalid_facet_search_facet_query")
    params = {
        k: v
        for k, v in body.items()
        if k in ("q", "filter", "matchingStrategy", "hybrid", "vector", "attributesToSearchOn")
    }
    request = replace(
        parse_search_request(params), facets=[name], limit=0, offset=0, facet_values_limit=10_000
    )
    result = SearchPipeline(runtime, scope=scope, limits=limits).run(request)
    counts: dict[str, int] = result.get("facetDistribution", {}).get(name, {})
    matcher = _matcher(runtime, facet_query or "", limits.query_words)
    ranked = sorted(
        ((value, count) for value, count in counts.items() if matcher(value)),
        key=lambda vc: (-vc[1], vc[0]),
    )
    hits = [{"value": value, "count": count} for value, count in ranked]
    return {
        "facetHits": hits[:MAX_FACET_HITS],
        "facetQuery": facet_query,
        "processingTimeMs": int((time.perf_counter() - started) * 1000),
    }


def _matcher(runtime: IndexRuntime, query: str, max_words: int) -> Any:
    """True for values whose words start with the query words (last word as a prefix); only
    the first ``max_words`` words count, as in a search."""
    terms = [t.text for t in analyze_query(query)][:max_words]
    if not terms:
        return lambda _value: True
    rules = typo_rules(runtime.settings)

    def matches(value: str) -> bool:
        words = [t.text for t in analyze_query(value)]
        for position, term in enumerate(terms):
            last = position == len(terms) - 1
            if not any(
                _word_matches(word, term, last, allowed_typos(term, rules)) for word in words
            ):
                return False
        return True

    return matches


def _word_matches(word: str, term: str, prefix: bool, typos: int) -> bool:
    if (
        word == term
        or (prefix and word.startswith(term))
        or (term in word and len(term) > 1 and not term.isascii())  # Chinese inside a word
    ):
        return True
    if typos:
        from souk.search.highlight import typo_distance

        candidate = word[: len(term)] if prefix and len(word) > len(term) else word
        return typo_distance(candidate, term, typos) <= typos
    return False
