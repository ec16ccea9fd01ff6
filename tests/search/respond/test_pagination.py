"""The two pagination shapes: offset/limit with an estimate, or pages with exact totals."""

from __future__ import annotations

from souk.search.request import SearchRequest
from souk.search.respond.pagination import Page, page_of, pagination_fields


def test_offset_and_limit() -> None:
    request = SearchRequest(offset=10, limit=5)
    page = page_of(request, 1000)
    assert page == Page(offset=10, limit=5, needed=15, max_total=1000)
    assert pagination_fields(request, page, 42) == {
        "limit": 5,
        "offset": 10,
        "estimatedTotalHits": 42,
    }


def test_pages_with_exact_totals() -> None:
    request = SearchRequest(page=2, hits_per_page=7)
    page = page_of(request, 1000)
    assert (page.offset, page.limit, page.needed) == (7, 7, 14)
    fields = pagination_fields(request, page, 15)
    assert fields == {"hitsPerPage": 7, "page": 2, "totalPages": 3, "totalHits": 15}
    assert list(fields) == ["hitsPerPage", "page", "totalPages", "totalHits"]


def test_hits_per_page_alone_means_page_one_of_twenty_by_default() -> None:
    assert page_of(SearchRequest(hits_per_page=5), 1000).offset == 0
    request = SearchRequest(page=3)
    page = page_of(request, 1000)
    assert (page.offset, page.limit) == (40, 20)
    assert pagination_fields(request, page, 41)["totalPages"] == 3


def test_page_zero_and_zero_hits_per_page_ask_for_nothing() -> None:
    request = SearchRequest(page=0, hits_per_page=10)
    page = page_of(request, 1000)
    assert (page.offset, page.limit, page.needed) == (0, 0, 0)
    assert pagination_fields(request, page, 30) == {
        "hitsPerPage": 0,
        "page": 0,
        "totalPages": 0,
        "totalHits": 30,
    }
    empty = SearchRequest(page=1, hits_per_page=0)
    assert pagination_fields(empty, page_of(empty, 1000), 30)["totalPages"] == 0


def test_totals_and_reach_stop_at_max_total_hits() -> None:
    request = SearchRequest(offset=90, limit=20)
    page = page_of(request, 100)
    assert page.needed == 100
    assert pagination_fields(request, page, 5000)["estimatedTotalHits"] == 100
    beyond = SearchRequest(offset=500, limit=20)
    assert page_of(beyond, 100).needed == 100, "nothing to rank past the cap"
    paged = SearchRequest(page=1, hits_per_page=30)
    assert pagination_fields(paged, page_of(paged, 100), 5000) == {
        "hitsPerPage": 30,
        "page": 1,
        "totalPages": 4,
        "totalHits": 100,
    }
