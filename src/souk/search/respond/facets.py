"""The response's ``facetDistribution`` and ``facetStats``, disjunctive facets included.

Counts are taken over the retrieval's universe, which lies within the caller's scope. A
disjunctive facet is recounted by a whole search whose request drops its own filter clauses on
that facet; the scope is not part of the request's filter, so it still applies there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import tantivy

from souk.errors import SoukError
from souk.retrieval.filters import FilterError, parse_filter
from souk.retrieval.filters import attributes as filter_attributes
from souk.runtime.index_runtime import IndexRuntime
from souk.search.facets import facet_distribution
from souk.search.request import SearchRequest

#: Runs a search (within the same scope) and returns its ``facetDistribution``.
Recount = Callable[[SearchRequest], dict[str, dict[str, int]]]


def facet_attributes(runtime: IndexRuntime, facets: Sequence[str] | None) -> list[str] | None:
    """The attributes to count (``*``: every filterable one); each must be filterable."""
    if facets is None:
        return None
    filterable = list(runtime.settings["filterableAttributes"])
    if "*" in facets:
        return list(runtime.layout.filterable)
    for name in facets:
        if name not in runtime.layout.filterable:
            available = ", ".join(f"`{a}`" for a in sorted(filterable)) or "none"
            raise SoukError(
                f"Invalid facet distribution, attribute `{name}` is not filterable. The "
                f"available filterable attribute patterns are: {available}.",
                "invalid_search_facets",
            )
    return list(facets)


def facet_fields(
    runtime: IndexRuntime,
    universe: tantivy.Query,
    attributes: list[str],
    request: SearchRequest,
    recount: Recount,
) -> dict[str, Any]:
    """``facetDistribution`` and ``facetStats`` of the documents ``universe`` matches."""
    settings = runtime.settings["faceting"]
    distribution, stats = facet_distribution(
        runtime.lexical.searcher,
        universe,
        attributes,
        max_values=request.facet_values_limit or int(settings.get("maxValuesPerFacet", 100)),
        sort_by=settings.get("sortFacetValuesBy"),
    )
    if request.disjunctive_facets and request.filter:
        distribution = disjunctive(distribution, attributes, request, recount)
    return {"facetDistribution": distribution, "facetStats": stats}


def disjunctive(
    distribution: dict[str, dict[str, int]],
    attributes: list[str],
    request: SearchRequest,
    recount: Recount,
) -> dict[str, dict[str, int]]:
    """Counts for a facet ignore the filter clauses on that same facet (multi-select UIs).

    Only clauses about that facet alone are dropped; the rest of the request's filter, and
    the caller's scope, still narrow the recount.
    """
    clauses = request.filter if isinstance(request.filter, list) else [request.filter]
    for attribute in attributes:
        others = [c for c in clauses if not mentions_only(c, attribute)]
        if len(others) == len(clauses):
            continue
        relaxed = replace(
            request,
            filter=others or None,
            facets=[attribute],
            disjunctive_facets=False,
            limit=0,
            offset=0,
            page=None,
            hits_per_page=None,
        )
        distribution[attribute] = recount(relaxed).get(attribute, {})
    return distribution


def mentions_only(clause: Any, attribute: str) -> bool:
    """Whether a filter clause is about ``attribute`` and nothing else."""
    try:
        node = parse_filter(clause)
    except FilterError:
        return False
    if node is None:
        return False
    return filter_attributes(node) == {attribute}
