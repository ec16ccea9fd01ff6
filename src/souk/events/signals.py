"""Click-through and conversion as a search ranking signal.

For a (query, product) pair the signal is how much more often shoppers clicked the product when
it was shown for that query than the average shown product for that query, smoothed toward
"no difference" when there is little evidence (a Beta prior of ``prior_strength`` impressions).
A product's conversion (add to cart or purchase after a click) adds a smaller, query-free lift.
The search pipeline uses it only when ``SOUK_CLICK_WEIGHT`` > 0: it is off by default until it
shows a gain on a shop's own traffic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from souk.events.model import EventType
from souk.events.store import SearchRecord, StoredEvent


def normalize_query(query: str) -> str:
    return " ".join(query.lower().split())


@dataclass
class ClickSignals:
    """Per-query and per-product lifts in [-1, 1], keyed by product id."""

    by_query: dict[str, dict[str, float]] = field(default_factory=dict)
    by_product: dict[str, float] = field(default_factory=dict)
    conversion_share: float = 0.3

    def lift(self, query: str, product_id: str) -> float:
        per_query = self.by_query.get(normalize_query(query), {})
        return per_query.get(product_id, 0.0) + self.conversion_share * self.by_product.get(
            product_id, 0.0
        )

    def __bool__(self) -> bool:
        return bool(self.by_query or self.by_product)


def build_signals(
    searches: Iterable[SearchRecord],
    events: Iterable[StoredEvent],
    *,
    prior_strength: float = 20.0,
) -> ClickSignals:
    """Count impressions from the search log and clicks/conversions from the events."""
    query_of: dict[str, str] = {}
    shown: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record in searches:
        query = normalize_query(record.query)
        if not query:
            continue
        query_of[record.query_uid] = query
        for product in record.hit_ids:
            shown[query][product] += 1
    clicks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    product_clicks: dict[str, int] = defaultdict(int)
    product_conversions: dict[str, int] = defaultdict(int)
    for stored in events:
        event = stored.event
        if event.product_id is None:
            continue
        if event.type is EventType.CLICK:
            product_clicks[event.product_id] += 1
            query = query_of.get(event.query_uid or "") or normalize_query(event.query or "")
            if query in shown:
                clicks[query][event.product_id] += 1
        elif event.type in (EventType.ADD_TO_CART, EventType.PURCHASE):
            product_conversions[event.product_id] += 1
    signals = ClickSignals()
    for query, impressions in shown.items():
        clicked = clicks.get(query)
        if not clicked:
            continue
        rate = sum(clicked.values()) / max(sum(impressions.values()), 1)
        signals.by_query[query] = {
            product: _lift(clicked.get(product, 0), count, rate, prior_strength)
            for product, count in impressions.items()
            if clicked.get(product, 0) or count >= prior_strength
        }
    overall = sum(product_conversions.values()) / max(sum(product_clicks.values()), 1)
    for product, count in product_clicks.items():
        signals.by_product[product] = _lift(
            product_conversions.get(product, 0), count, overall, prior_strength
        )
    return signals


def _lift(successes: int, trials: int, base_rate: float, prior: float) -> float:
    """Smoothed rate relative to the base rate, squashed into [-1, 1]."""
    if base_rate <= 0:
        return 0.0
    smoothed = (successes + prior * base_rate) / (trials + prior)
    ratio = smoothed / base_rate - 1.0
    return max(-1.0, min(1.0, ratio))


def lifts_for(
    signals: ClickSignals, query: str, product_ids: Mapping[int, str]
) -> dict[int, float]:
    """Lifts for the ranked documents (iid → product id) that have any."""
    out: dict[int, float] = {}
    for iid, product in product_ids.items():
        value = signals.lift(query, product)
        if value:
            out[iid] = value
    return out
