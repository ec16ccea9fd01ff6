"""Synthetic shopper behaviour over a catalog, for the demo shop and the tests.

Shoppers have one or two favourite categories, browse neighbouring products there (so there are
sequences to learn), click and add to cart some of what they view, and buy some products
together with a fixed complementary product from another category (so "bought together" has a
true answer the tests can check). Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from souk.events.model import Event, EventType

START = 1_767_225_600.0  # 2026-01-01T00:00:00Z


def complement_of(product_ids: Sequence[str], categories: Mapping[str, str]) -> dict[str, str]:
    """Each product's fixed partner: the product at the same rank in the next category."""
    by_category: dict[str, list[str]] = defaultdict(list)
    for pid in product_ids:
        by_category[categories.get(pid, "")].append(pid)
    names = sorted(by_category)
    partner: dict[str, str] = {}
    for n, name in enumerate(names):
        other = by_category[names[(n + 1) % len(names)]]
        for rank, pid in enumerate(by_category[name]):
            if other and other[rank % len(other)] != pid:
                partner[pid] = other[rank % len(other)]
    return partner


def synthetic_events(
    products: Sequence[Mapping[str, Any]],
    *,
    shoppers: int = 200,
    sessions_per_shopper: int = 3,
    seed: int = 7,
    id_field: str = "id",
    category_field: str = "category",
) -> Iterator[Event]:
    rng = random.Random(seed)
    ids = [str(p[id_field]) for p in products]
    categories = {str(p[id_field]): str(p.get(category_field, "")) for p in products}
    by_category: dict[str, list[str]] = defaultdict(list)
    for pid in ids:
        by_category[categories[pid]].append(pid)
    names = sorted(by_category)
    partner = complement_of(ids, categories)
    clock = START
    for shopper in range(shoppers):
        user = f"u{shopper}"
        favourites = rng.sample(names, k=min(len(names), rng.choice((1, 2))))
        for visit in range(sessions_per_shopper):
            session = f"{user}-s{visit}"
            shelf = by_category[rng.choice(favourites)]
            position = rng.randrange(len(shelf))
            clock += rng.uniform(60, 3600)
            for _ in range(rng.randint(3, 8)):
                pid = shelf[position % len(shelf)]
                clock += rng.uniform(5, 120)
                yield Event(EventType.VIEW, session, clock, user_id=user, product_id=pid)
                roll = rng.random()
                if roll < 0.35:
                    yield Event(EventType.CLICK, session, clock + 1, user_id=user, product_id=pid)
                if roll < 0.15:
                    yield Event(
                        EventType.ADD_TO_CART, session, clock + 2, user_id=user, product_id=pid
                    )
                    yield Event(
                        EventType.PURCHASE, session, clock + 3, user_id=user, product_id=pid
                    )
                    other = partner.get(pid)
                    if other is not None and rng.random() < 0.8:
                        yield Event(
                            EventType.PURCHASE, session, clock + 4, user_id=user, product_id=other
                        )
                position += rng.choice((1, 1, 1, 2))
