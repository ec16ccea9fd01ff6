"""Which hits a request asks for, and the pagination fields of the response.

Meilisearch has two shapes: ``offset``/``limit`` with an ``estimatedTotalHits``, or, as soon as
``page`` or ``hitsPerPage`` is given, pages with exact ``totalHits`` and ``totalPages``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from souk.search.request import SearchRequest

DEFAULT_HITS_PER_PAGE = 20


@dataclass(frozen=True)
class Page:
    """The hits ``[offset, needed)`` of the ranked list, ``limit`` asked for."""

    offset: int
    limit: int
    needed: int  # offset + limit, within maxTotalHits: how far ranking must reach
    max_total: int  # the index's pagination.maxTotalHits


def page_of(request: SearchRequest, max_total: int) -> Page:
    offset, limit = _window(request)
    return Page(offset, limit, max(0, min(offset + limit, max_total)), max_total)


def _window(request: SearchRequest) -> tuple[int, int]:
    if request.paginated:
        per_page = DEFAULT_HITS_PER_PAGE if request.hits_per_page is None else request.hits_per_page
        page = 1 if request.page is None else max(request.page, 1)
        if request.page == 0:
            return 0, 0
        return (page - 1) * per_page, per_page
    return request.offset, request.limit


def pagination_fields(request: SearchRequest, page: Page, total: int) -> dict[str, Any]:
    """The response's pagination fields, in Meilisearch's order; totals stop at maxTotalHits."""
    capped_total = min(total, page.max_total)
    if request.paginated:
        per_page = page.limit
        return {
            "hitsPerPage": per_page,
            "page": 1 if request.page is None else request.page,
            "totalPages": (capped_total + per_page - 1) // per_page if per_page else 0,
            "totalHits": capped_total,
        }
    return {"limit": page.limit, "offset": page.offset, "estimatedTotalHits": capped_total}
