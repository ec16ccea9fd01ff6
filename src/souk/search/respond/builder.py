"""Assembles the Meilisearch-shaped response of one search from its ranked candidates."""

from __future__ import annotations

from typing import Any

import tantivy

from souk.runtime.index_runtime import IndexRuntime
from souk.search.candidates import Candidate
from souk.search.request import SearchRequest
from souk.search.respond.distinct import keep_distinct
from souk.search.respond.facets import Recount, facet_fields
from souk.search.respond.hits import format_hits
from souk.search.respond.pagination import Page, pagination_fields
from souk.search.stopwatch import Stopwatch
from souk.search.terms import TermGroup


class ResponseBuilder:
    """The page of hits, pagination fields, facets and details of one search.

    ``groups`` are the query's term groups (for highlighting and score details), ``facets``
    the validated attributes to count (``None``: no facets asked for) and ``recount`` how a
    disjunctive facet is counted again.
    """

    def __init__(
        self,
        runtime: IndexRuntime,
        request: SearchRequest,
        *,
        groups: list[TermGroup],
        page: Page,
        facets: list[str] | None,
        recount: Recount,
        watch: Stopwatch,
    ) -> None:
        self.rt = runtime
        self.request = request
        self.groups = groups
        self.page = page
        self.facets = facets
        self.recount = recount
        self.watch = watch

    def build(
        self,
        ranked: list[Candidate],
        *,
        total: int,
        universe: tantivy.Query,
        semantic_side: bool,
    ) -> dict[str, Any]:
        """``semantic_side``: the vector side ran, so ``semanticHitCount`` is reported."""
        request, page, watch = self.request, self.page, self.watch
        settings = self.rt.settings
        distinct = request.distinct or settings.get("distinctAttribute")
        page_ids = [r.iid for r in ranked]
        # distinct drops hits, so read ahead to still fill the page
        documents = self.rt.lexical_documents(page_ids[: page.needed * (3 if distinct else 1)])
        if distinct:
            ranked = keep_distinct(ranked, documents, distinct)
        window = ranked[page.offset : page.needed]
        watch.lap("fetch documents")
        hits = format_hits(window, documents, request, self.groups, settings)
        watch.lap("format")

        response: dict[str, Any] = {"hits": hits, "query": request.q or "", "processingTimeMs": 0}
        response.update(pagination_fields(request, page, total))
        if self.facets is not None:
            response.update(facet_fields(self.rt, universe, self.facets, request, self.recount))
            watch.lap("facets")
        if request.show_performance_details:
            response["performanceDetails"] = watch.report()
        if semantic_side:
            response["semanticHitCount"] = sum(1 for r in window if r.semantic)
        return response
