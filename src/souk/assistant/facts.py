"""Products as the facts an answer may use: id, name, price and a few attributes, from the store.

Descriptions are catalog text, so they are data, never instructions: instruction-like sentences
are removed before a model sees them, and the prompt marks the whole block as quoted data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from souk.guard.injection import neutralise

NAME_FIELDS = ("title", "name", "product_title")
SKIP = frozenset({"id", "description", "_vectors", "_geo", "image", "images", "url"})
MAX_ATTRIBUTES = 8


@dataclass(frozen=True)
class ProductFact:
    id: str
    name: str
    price: float | None
    attributes: dict[str, Any]
    description: str

    def numbers(self) -> set[float]:
        values = {self.price} if self.price is not None else set()
        for value in self.attributes.values():
            if isinstance(value, int | float) and not isinstance(value, bool):
                values.add(float(value))
        return values

    def to_prompt(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "price": self.price,
            **self.attributes,
            "description": self.description[:300],
        }


def product_fact(doc: dict[str, Any], primary_key: str) -> ProductFact:
    name = next((str(doc[f]) for f in NAME_FIELDS if doc.get(f)), str(doc.get(primary_key)))
    price = doc.get("price")
    attributes = {
        key: value
        for key, value in doc.items()
        if key not in SKIP
        and key != primary_key
        and key not in NAME_FIELDS
        and key != "price"
        and isinstance(value, str | int | float | bool)
        and not (isinstance(value, str) and len(value) > 60)
    }
    return ProductFact(
        id=str(doc.get(primary_key)),
        name=name,
        price=float(price)
        if isinstance(price, int | float) and not isinstance(price, bool)
        else None,
        attributes=dict(list(attributes.items())[:MAX_ATTRIBUTES]),
        description=neutralise(str(doc.get("description") or "")),
    )


def numeric_attribute(fact: ProductFact, words: str) -> tuple[str, float] | None:
    """The attribute a comparison is about ("lighter" → weight), if the products have it."""
    wanted = (
        ("weight", r"light|heav|weigh|轻|重"),
        ("price", r"cheap|expens|price|cost|便宜|贵|价"),
        ("rating", r"rat|best|better|review|评分|好评|最好"),
        ("size", r"big|small|size|大|小"),
    )
    for stem, pattern in wanted:
        if re.search(pattern, words, re.I):
            if stem == "price" and fact.price is not None:
                return "price", fact.price
            for key, value in fact.attributes.items():
                if (
                    stem in key.lower()
                    and isinstance(value, int | float)
                    and not isinstance(value, bool)
                ):
                    return key, float(value)
    return None
