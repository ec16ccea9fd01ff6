"""Deterministic demo catalog: bilingual (English/Chinese) products for demos, tests and benchmarks.

`generate_products(count, seed)` streams flat product dicts; the same seed always gives the same
products, and a shorter catalog is a prefix of a longer one with the same seed (products are drawn
one after another from one `random.Random(seed)`).

About 35% of products are Chinese (`lang == "zh"`): their title, description and tags are
Chinese, but `color`, `category`, `subcategory` and `material` stay canonical English so facets
are shared across languages.

A handful of "showcase" products is placed at fixed positions (every `_SHOWCASE_STRIDE`-th
product, from the first) so the search demos can rely on them for any seed once the catalog has
about 1,250 products: English red running shoes under and over 80 USD, red dresses with English
and with Chinese titles, running shoes in other colors, Chinese products in several categories.
Only their category, color, language and price band are fixed; everything else is drawn as usual.
"""

from __future__ import annotations

import gzip
import io
import math
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

import orjson

from souk.demo.vocabulary import (
    CATEGORIES,
    COLORS_ZH,
    EN_CLOSERS,
    EN_LEADS,
    EN_PATTERNS,
    EN_TAGS,
    MATERIALS_ZH,
    ZH_CLOSERS,
    ZH_LEADS,
    ZH_PATTERNS,
    ZH_TAGS,
    Category,
    Subcategory,
)

DEFAULT_COUNT = 20_000
DEFAULT_SEED = 42
ZH_SHARE = 0.35
CURRENCY = "USD"

_START_TS = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp())
_END_TS = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())  # exclusive: dates stay in 2023-2025
_CUM_WEIGHTS = list(accumulate(c.weight for c in CATEGORIES))
_BY_NAME: dict[str, tuple[Category, dict[str, Subcategory]]] = {
    c.name: (c, {s.name: s for s in c.subcategories}) for c in CATEGORIES
}
# Most prices end in .99; some in .49, .95 or .00, as in real shops.
_PRICE_ENDINGS = (0.99, 0.99, 0.99, 0.99, 0.49, 0.95, 0.0)


@dataclass(frozen=True, slots=True)
class _Showcase:
    category: str
    subcategory: str
    color: str
    lang: str
    price: tuple[float, float] | None = None  # None: the subcategory's range


_RED_SHOES_CHEAP = (35.0, 79.99)
_RED_SHOES_DEAR = (80.5, 180.0)
_SHOWCASE: tuple[_Showcase, ...] = (
    *(_Showcase("Shoes", "Running Shoes", "red", "en", _RED_SHOES_CHEAP) for _ in range(3)),
    *(_Showcase("Shoes", "Running Shoes", "red", "en", _RED_SHOES_DEAR) for _ in range(3)),
    _Showcase("Shoes", "Running Shoes", "red", "zh", _RED_SHOES_CHEAP),
    _Showcase("Shoes", "Running Shoes", "red", "zh", _RED_SHOES_DEAR),
    *(_Showcase("Shoes", "Running Shoes", c, "en") for c in ("blue", "black", "white", "pink")),
    _Showcase("Shoes", "Running Shoes", "gray", "zh"),
    *(_Showcase("Apparel", "Dresses", "red", "en") for _ in range(3)),
    *(_Showcase("Apparel", "Dresses", "red", "zh") for _ in range(3)),
    _Showcase("Apparel", "Dresses", "blue", "zh"),
    _Showcase("Apparel", "Dresses", "black", "en"),
    _Showcase("Electronics", "Headphones", "black", "zh"),
    _Showcase("Kitchen", "Frying Pans", "red", "zh"),
    _Showcase("Beauty", "Lipstick", "red", "zh"),
    _Showcase("Home", "Bedding", "white", "zh"),
    _Showcase("Grocery", "Coffee", "brown", "zh"),
    _Showcase("Toys", "Building Blocks", "red", "zh"),
    _Showcase("Sports", "Yoga Mats", "purple", "zh"),
    _Showcase("Books", "Fiction", "blue", "zh"),
)
_SHOWCASE_STRIDE = 37


def generate_products(
    count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED
) -> Iterator[dict[str, Any]]:
    """Yield `count` demo products, deterministically for `seed` (ids p000001, p000002, ...)."""
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    return _generate(count, seed)


def _generate(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for index in range(count):
        slot, offset = divmod(index, _SHOWCASE_STRIDE)
        showcase = _SHOWCASE[slot] if offset == 0 and slot < len(_SHOWCASE) else None
        yield _product(rng, index, showcase)


def write_catalog(path: Path, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> int:
    """Write the demo catalog as NDJSON (gzip when `path` ends in `.gz`); return the count.

    The file is written beside `path` and renamed into place, so a reader never sees half a
    catalog. Gzip output carries no timestamp or name, so the same seed gives identical bytes.
    """
    products = generate_products(count, seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    written = 0
    try:
        with open(tmp, "wb") as raw:
            out: io.BufferedIOBase = raw
            if path.name.endswith(".gz"):
                out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            try:
                for product in products:
                    out.write(orjson.dumps(product) + b"\n")
                    written += 1
            finally:
                if out is not raw:
                    out.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return written


def _product(rng: random.Random, index: int, showcase: _Showcase | None) -> dict[str, Any]:
    if showcase is None:
        category = rng.choices(CATEGORIES, cum_weights=_CUM_WEIGHTS)[0]
        sub = rng.choice(category.subcategories)
        lang = "zh" if rng.random() < ZH_SHARE else "en"
        color = rng.choice(sub.colors or category.colors)
        low, high = sub.price
    else:
        category, subs = _BY_NAME[showcase.category]
        sub = subs[showcase.subcategory]
        lang, color = showcase.lang, showcase.color
        low, high = showcase.price or sub.price

    brand = rng.choice(category.brands)
    material = rng.choice(sub.materials)
    size = rng.choice(sub.sizes) if sub.sizes else None
    title, description, tags = _texts(rng, category, sub, lang, brand, color, material, size)
    rating = rng.uniform(1.0, 3.6) if rng.random() < 0.06 else rng.gauss(4.25, 0.45)
    stock = 0 if rng.random() < 0.08 else min(999, 1 + int(rng.expovariate(1 / 80)))
    created_ts = rng.randrange(_START_TS, _END_TS)

    product: dict[str, Any] = {
        "id": f"p{index + 1:06d}",
        "title": title,
        "description": description,
        "brand": brand,
        "category": category.name,
        "subcategory": sub.name,
        "category_path": [category.name, f"{category.name} > {sub.name}"],
        "price": _price(rng, low, high),
        "currency": CURRENCY,
        "color": color,
    }
    if size is not None:
        product["size"] = size
    product["material"] = material
    product["rating"] = round(min(5.0, max(1.0, rating)), 1)
    product["review_count"] = min(25_000, max(1, int(rng.lognormvariate(3.2, 1.3))))
    product["stock"] = stock
    product["in_stock"] = stock > 0
    product["created_at"] = datetime.fromtimestamp(created_ts, UTC).date().isoformat()
    product["created_ts"] = created_ts
    product["lang"] = lang
    product["tags"] = tags
    return product


def _texts(
    rng: random.Random,
    category: Category,
    sub: Subcategory,
    lang: str,
    brand: str,
    color: str,
    material: str,
    size: str | None,
) -> tuple[str, str, list[str]]:
    """Title, description (1-3 sentences) and 2-5 tags, in the product's language."""
    if lang == "zh":
        words = _zh_words(rng, category, sub, brand, color, material, size)
        patterns = sub.zh_patterns or category.zh_patterns or ZH_PATTERNS
        leads = category.zh_leads or ZH_LEADS
        benefits, closers, joiner = category.zh_benefits, ZH_CLOSERS, ""
        pool = [sub.zh_noun, words["color"], words["material"], words["adj"], words["style"]]
        pool += [category.zh, rng.choice(ZH_TAGS)]
    else:
        words = _en_words(rng, category, sub, brand, color, material, size)
        patterns = sub.patterns or category.patterns or EN_PATTERNS
        leads = category.leads or EN_LEADS
        benefits, closers, joiner = category.benefits, EN_CLOSERS, " "
        pool = [sub.name.lower(), color, material, words["adj_l"], words["style_l"]]
        pool += [category.name.lower(), rng.choice(EN_TAGS)]
    if category.style_is_title:
        pool[4] = ""  # a book's title is not a tag

    title = _tidy(rng.choice(patterns).format_map(words), brand)
    sentences = [_tidy(rng.choice(leads).format_map(words), brand)]
    extra_sentences = rng.randrange(3)
    if extra_sentences >= 1:
        sentences.append(rng.choice(benefits))
    if extra_sentences >= 2:
        sentences.append(rng.choice(closers))
    tags = list(dict.fromkeys(t for t in pool if t))
    tags = rng.sample(tags, min(len(tags), rng.randint(2, 5)))
    return title, joiner.join(sentences), tags


def _en_words(
    rng: random.Random,
    category: Category,
    sub: Subcategory,
    brand: str,
    color: str,
    material: str,
    size: str | None,
) -> dict[str, str]:
    adj = rng.choice(sub.adjectives or category.adjectives)
    style = rng.choice(sub.styles) if sub.styles else ""
    variant = rng.choice(sub.variants) if sub.variants and rng.random() < 0.6 else ""
    adj_l = _lower_words(adj)
    return {
        "brand": brand,
        "adj": adj,
        "Adj": adj,
        "adj_l": adj_l,
        "a_adj_l": f"{'an' if adj_l[:1] in 'aeiou' else 'a'} {adj_l}",
        "color": color.capitalize(),
        "color_l": color,
        "noun": sub.noun,
        "noun_l": _lower_words(sub.noun),
        "style": style,
        "style_l": _lower_words(style),
        "variant": variant,
        "material": material,
        "Material": " ".join(w[:1].upper() + w[1:] for w in material.split()),
        "size": size or "",
        "extra": "",
        "is": "are" if sub.plural else "is",
        "This": "These" if sub.plural else "This",
        "comes": "come" if sub.plural else "comes",
    }


def _zh_words(
    rng: random.Random,
    category: Category,
    sub: Subcategory,
    brand: str,
    color: str,
    material: str,
    size: str | None,
) -> dict[str, str]:
    style = rng.choice(sub.zh_styles) if sub.zh_styles else ""
    variant = rng.choice(sub.zh_variants) if sub.zh_variants and rng.random() < 0.6 else ""
    return {
        "brand": brand,
        "adj": rng.choice(sub.zh_adjectives or category.zh_adjectives),
        "color": COLORS_ZH[color],
        "noun": sub.zh_noun,
        "style": style,
        "variant": variant,
        "material": MATERIALS_ZH[material],
        "size": (size or "").replace(" ", ""),
        "extra": rng.choice(category.zh_extras),
    }


def _price(rng: random.Random, low: float, high: float) -> float:
    """A shop-like price in [low, high], skewed towards the cheaper end of the range."""
    raw = low + (high - low) * float(rng.random() ** 1.7)
    price = math.floor(raw) + rng.choice(_PRICE_ENDINGS)
    return round(min(high, max(low, price)), 2)


def _lower_words(text: str) -> str:
    """Lowercase ordinary capitalised words for use mid-sentence; keep "TV", "5G", "QLED"."""
    return " ".join("-".join(_lower_word(p) for p in w.split("-")) for w in text.split())


def _lower_word(word: str) -> str:
    if len(word) > 1 and word[0].isupper() and word[1:].islower():
        return word.lower()
    return word


def _tidy(text: str, brand: str) -> str:
    """Drop the gaps left by empty placeholders: doubled spaces, " ," and dangling separators.

    Chinese text runs words together, so a Latin brand touching a Latin word ("Foldwise" + "L型")
    gets a space to stay readable.
    """
    text = " ".join(text.split())
    start = text.find(brand)
    end = start + len(brand)
    if start >= 0 and end < len(text) and text[end].isascii() and text[end].isalnum():
        text = f"{text[:end]} {text[end:]}"
    for before, after in ((" ,", ","), (" .", "."), (" :", ":"), ("( ", "("), (" )", ")")):
        text = text.replace(before, after)
    return text.strip(" ,-:")
