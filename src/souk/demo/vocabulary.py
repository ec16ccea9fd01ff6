"""Vocabulary for the demo catalog: categories, brands, words and sentence patterns.

Everything here was written for souk; no third-party product text. Facet values (color,
material, category, subcategory) are canonical English so that English and Chinese products
share facets; the Chinese words only ever appear in `title`, `description` and `tags`.

The words live in ``vocabulary.json`` beside this module, read once at import:

* ``colors_zh`` and ``materials_zh``: canonical English value → Chinese word.
* ``lists``: the shared tuples (patterns, leads, closers, tags, size runs) under the names this
  module exports them by. ``EN_PLAIN_PATTERNS``/``ZH_PLAIN_PATTERNS`` are for products whose
  color is not worth naming in a title (skin care, pet food, vitamins).
* ``categories``: one object per :class:`Category` with its :class:`Subcategory` objects; a
  field left out takes its default, and a name where a list belongs (``"colors": "COLORS"``,
  ``"sizes": "APPAREL_SIZES"``) stands for that shared list (``COLORS``: every color).

Pattern placeholders (filled by `souk.demo.products`; an empty value just disappears):
  {brand} {adj} {Adj} {adj_l} {color} {color_l} {noun} {noun_l} {style} {style_l} {variant}
  {material} {Material} {size} {extra} {is} {This} {comes} {a_adj_l}
In Chinese patterns {adj}, {color}, {noun}, {style}, {variant}, {material} are the Chinese words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any, TypeVar

__all__ = [
    "CATEGORIES",
    "COLORS",
    "COLORS_ZH",
    "EN_CLOSERS",
    "EN_LEADS",
    "EN_PATTERNS",
    "EN_PLAIN_PATTERNS",
    "EN_TAGS",
    "MATERIALS_ZH",
    "ZH_CLOSERS",
    "ZH_LEADS",
    "ZH_PATTERNS",
    "ZH_PLAIN_PATTERNS",
    "ZH_TAGS",
    "Category",
    "Subcategory",
]


@dataclass(frozen=True, slots=True)
class Subcategory:
    name: str
    noun: str  # English noun used in titles ("Running Shoes", "Dress")
    zh_noun: str
    price: tuple[float, float]  # realistic USD range for this subcategory
    materials: tuple[str, ...]
    styles: tuple[str, ...] = ()  # English words placed before the noun ("Midi", "Trail")
    zh_styles: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()  # English words placed after the noun ("for Men", "2-Pack")
    zh_variants: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()  # empty: the product has no `size`
    colors: tuple[str, ...] = ()  # empty: the category palette
    plural: bool = False  # the noun is plural ("Running Shoes are ...")
    adjectives: tuple[str, ...] = ()  # empty: the category's adjectives
    zh_adjectives: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # empty: the category's patterns
    zh_patterns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    zh: str
    weight: int  # relative share of the catalog
    brands: tuple[str, ...]
    adjectives: tuple[str, ...]
    zh_adjectives: tuple[str, ...]
    colors: tuple[str, ...]
    benefits: tuple[str, ...]
    zh_benefits: tuple[str, ...]
    subcategories: tuple[Subcategory, ...]
    zh_extras: tuple[str, ...] = ("新款", "热卖", "官方正品", "包邮")
    patterns: tuple[str, ...] = ()  # empty: EN_PATTERNS
    zh_patterns: tuple[str, ...] = ()  # empty: ZH_PATTERNS
    leads: tuple[str, ...] = ()  # empty: EN_LEADS
    zh_leads: tuple[str, ...] = ()  # empty: ZH_LEADS
    style_is_title: bool = False  # styles are book titles: never used as tags


_Record = TypeVar("_Record", Category, Subcategory)


def _build(cls: type[_Record], raw: Mapping[str, Any], lists: Mapping[str, Any]) -> _Record:
    """One dataclass from its JSON object: lists become tuples, list names their list."""
    tuples = {f.name for f in fields(cls) if str(f.type).startswith("tuple")}
    unknown = sorted(set(raw) - {f.name for f in fields(cls)})
    if unknown:
        raise ValueError(f"vocabulary.json: unknown {cls.__name__} fields {unknown}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "subcategories":
            values[key] = tuple(_build(Subcategory, item, lists) for item in value)
        elif key in tuples and isinstance(value, str):
            values[key] = lists[value]  # a KeyError names the missing shared list
        elif key in tuples:
            values[key] = tuple(value)
        else:
            values[key] = value
    return cls(**values)


def _load() -> dict[str, Any]:
    text = resources.files("souk.demo").joinpath("vocabulary.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_DATA = _load()

COLORS_ZH: dict[str, str] = dict(_DATA["colors_zh"])
COLORS: tuple[str, ...] = tuple(COLORS_ZH)
MATERIALS_ZH: dict[str, str] = dict(_DATA["materials_zh"])

_LISTS: dict[str, tuple[str, ...]] = {
    "COLORS": COLORS,
    **{name: tuple(items) for name, items in _DATA["lists"].items()},
}
EN_PATTERNS = _LISTS["EN_PATTERNS"]
ZH_PATTERNS = _LISTS["ZH_PATTERNS"]
EN_PLAIN_PATTERNS = _LISTS["EN_PLAIN_PATTERNS"]
ZH_PLAIN_PATTERNS = _LISTS["ZH_PLAIN_PATTERNS"]
EN_LEADS = _LISTS["EN_LEADS"]
ZH_LEADS = _LISTS["ZH_LEADS"]
EN_CLOSERS = _LISTS["EN_CLOSERS"]
ZH_CLOSERS = _LISTS["ZH_CLOSERS"]
EN_TAGS = _LISTS["EN_TAGS"]
ZH_TAGS = _LISTS["ZH_TAGS"]

CATEGORIES: tuple[Category, ...] = tuple(
    _build(Category, raw, _LISTS) for raw in _DATA["categories"]
)
del _DATA
