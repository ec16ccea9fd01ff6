"""Search and conversion analytics from the search log and the events.

A search counts once per ``queryUid``: the API's own searches come from the search log, and a
``search`` event whose ``queryUid`` the log does not know (a front end searching elsewhere)
counts too. A click, add-to-cart or purchase carrying a ``queryUid`` (or, failing that, the
query text) is credited to that search. Click-through rate = searches with at least one click /
searches; conversion rate = searches with at least one add-to-cart or purchase / searches.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from souk.events.model import EventType
from souk.events.signals import normalize_query
from souk.events.store import EventStore


@dataclass
class _QueryStats:
    searches: set[str] = field(default_factory=set)
    hits: list[int] = field(default_factory=list)
    zero: int = 0
    clicked: set[str] = field(default_factory=set)
    converted: set[str] = field(default_factory=set)
    display: str = ""


def analytics_report(
    events: EventStore, index_uid: str, *, since: float | None = None, limit: int = 20
) -> dict[str, Any]:
    queries: dict[str, _QueryStats] = defaultdict(_QueryStats)
    query_of_uid: dict[str, str] = {}
    for batch in events.iter_searches(index_uid, since=since):
        for record in batch:
            key = normalize_query(record.query)
            stats = queries[key]
            stats.display = stats.display or record.query.strip()
            stats.searches.add(record.query_uid)
            stats.hits.append(record.nb_hits)
            stats.zero += record.nb_hits == 0
            query_of_uid[record.query_uid] = key
    by_type: Counter[str] = Counter()
    products: dict[str, Counter[str]] = defaultdict(Counter)
    pending: list[tuple[str, str | None, str | None]] = []
    for event_batch in events.iter_events(index_uid, since=since):
        for stored in event_batch:
            event = stored.event
            by_type[event.type.value] += 1
            if event.type is EventType.SEARCH:
                uid = event.query_uid or f"event:{stored.id}"
                if uid not in query_of_uid and event.query:
                    key = normalize_query(event.query)
                    queries[key].searches.add(uid)
                    queries[key].display = queries[key].display or event.query
                    query_of_uid[uid] = key
                continue
            if event.product_id is not None:
                products[event.product_id][event.type.value] += 1
            if event.type in (EventType.CLICK, EventType.ADD_TO_CART, EventType.PURCHASE):
                pending.append((event.type.value, event.query_uid, event.query))
    for kind, query_uid, query in pending:  # searches may be logged after their clicks
        found = query_of_uid.get(query_uid or "")
        if found is None and query:
            key = normalize_query(query)
            if key not in queries:
                continue
            credit = f"text:{key}"
        elif found is None:
            continue
        else:
            key, credit = found, str(query_uid)
        if kind == EventType.CLICK.value:
            queries[key].clicked.add(credit)
        else:
            queries[key].converted.add(credit)
    total_searches = sum(len(s.searches) for s in queries.values())
    # browsing (an empty query) counts as a search but is not a query to list
    rows = [_row(stats) for key, stats in queries.items() if stats.searches and key]
    rows.sort(key=lambda r: (-r["searches"], r["query"]))
    zero = [
        {
            "query": r["query"],
            "searches": r["searches"],
            "zeroResultSearches": r["zeroResultSearches"],
        }
        for r in sorted(rows, key=lambda r: (-r["zeroResultSearches"], r["query"]))
        if r["zeroResultSearches"] > 0
    ]
    clicked = sum(min(len(s.clicked), len(s.searches)) for s in queries.values())
    converted = sum(min(len(s.converted), len(s.searches)) for s in queries.values())
    top_products = sorted(
        (
            {
                "productId": pid,
                "views": c["view"],
                "clicks": c["click"],
                "addToCart": c["add_to_cart"],
                "purchases": c["purchase"],
            }
            for pid, c in products.items()
        ),
        key=lambda p: (-_engagement(p), str(p["productId"])),
    )
    return {
        "indexUid": index_uid,
        "since": since,
        "searches": total_searches,
        "events": dict(sorted(by_type.items())),
        "clickThroughRate": _rate(clicked, total_searches),
        "conversionRate": _rate(converted, total_searches),
        "topQueries": rows[:limit],
        "zeroResultQueries": zero[:limit],
        "topProducts": top_products[:limit],
    }


def _row(stats: _QueryStats) -> dict[str, Any]:
    searches = len(stats.searches)
    return {
        "query": stats.display,
        "searches": searches,
        "zeroResultSearches": stats.zero,
        "averageHits": round(sum(stats.hits) / len(stats.hits), 1) if stats.hits else None,
        "clickThroughRate": _rate(min(len(stats.clicked), searches), searches),
        "conversionRate": _rate(min(len(stats.converted), searches), searches),
    }


def _engagement(product: dict[str, Any]) -> int:
    """Ranks products by weighted interactions (the same weights the recommenders use)."""
    return int(
        product["purchases"] * 8
        + product["addToCart"] * 4
        + product["clicks"] * 2
        + product["views"]
    )


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
