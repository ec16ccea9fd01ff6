"""A small shop with generated behaviour: 40 products in 4 categories, synthetic shoppers."""

from __future__ import annotations

from typing import Any

from souk.events.model import Event
from souk.events.synthetic import complement_of, synthetic_events
from souk.recommend.data import InteractionData

CATEGORIES = ("shoes", "dresses", "bags", "hats")
PRODUCTS: list[dict[str, Any]] = [
    {
        "id": n,
        "title": f"{CATEGORIES[n % 4]} number {n}",
        "category": CATEGORIES[n % 4],
        "price": 10 + n,
    }
    for n in range(40)
]
IDS = [str(p["id"]) for p in PRODUCTS]
CATEGORY_OF = {str(p["id"]): str(p["category"]) for p in PRODUCTS}
PARTNER = complement_of(IDS, CATEGORY_OF)


def shop_events(shoppers: int = 150, seed: int = 7) -> list[Event]:
    return list(synthetic_events(PRODUCTS, shoppers=shoppers, seed=seed))


def shop_data(shoppers: int = 150) -> InteractionData:
    return InteractionData.from_events(shop_events(shoppers), IDS, CATEGORY_OF)
