"""The demo catalog generator: determinism, shape of every product, and the demo guarantees."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from souk.demo.products import generate_products, write_catalog
from souk.demo.vocabulary import CATEGORIES, COLORS, COLORS_ZH, MATERIALS_ZH

CJK = re.compile(r"[\u4e00-\u9fff]")
APPAREL_SIZES = {"XS", "S", "M", "L", "XL", "XXL"}
SHOE_SIZES = {str(n) for n in range(36, 47)}
PRICE_RANGES = {(c.name, s.name): s.price for c in CATEGORIES for s in c.subcategories}

REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "title": str,
    "description": str,
    "brand": str,
    "category": str,
    "subcategory": str,
    "category_path": list,
    "price": float,
    "currency": str,
    "color": str,
    "material": str,
    "rating": float,
    "review_count": int,
    "stock": int,
    "in_stock": bool,
    "created_at": str,
    "created_ts": int,
    "lang": str,
    "tags": list,
}


@pytest.fixture(scope="module")
def catalog() -> list[dict[str, Any]]:
    """The default catalog (20,000 products, seed 42), generated once for the module."""
    return list(generate_products())


def test_same_seed_gives_identical_products() -> None:
    assert list(generate_products(300, seed=7)) == list(generate_products(300, seed=7))


def test_different_seeds_give_different_products() -> None:
    first = list(generate_products(300, seed=7))
    second = list(generate_products(300, seed=8))
    assert [p["title"] for p in first] != [p["title"] for p in second]
    assert sum(a == b for a, b in zip(first, second, strict=True)) < 10


def test_a_shorter_catalog_is_a_prefix_of_a_longer_one() -> None:
    assert list(generate_products(150, seed=3)) == list(generate_products(600, seed=3))[:150]


def test_generation_streams_instead_of_building_a_list() -> None:
    products = generate_products(1_000_000)
    assert not isinstance(products, list | tuple)
    first = next(iter(products))
    assert first["id"] == "p000001"


def test_count_is_respected() -> None:
    assert len(list(generate_products(123))) == 123
    assert list(generate_products(0)) == []
    with pytest.raises(ValueError):
        generate_products(-1)


def test_default_catalog_has_20000_unique_ids(catalog: list[dict[str, Any]]) -> None:
    assert len(catalog) == 20_000
    ids = [p["id"] for p in catalog]
    assert len(set(ids)) == len(ids)
    assert ids[0] == "p000001" and ids[-1] == "p020000"
    assert all(re.fullmatch(r"p\d{6}", i) for i in ids)


def test_every_product_has_the_required_fields_and_types(catalog: list[dict[str, Any]]) -> None:
    for product in catalog:
        for field, kind in REQUIRED.items():
            assert isinstance(product[field], kind), (product["id"], field)
        # bool is an int subclass: counts must be real ints
        assert not isinstance(product["review_count"], bool)
        assert product["currency"] == "USD"
        assert product["lang"] in ("en", "zh")
        assert product["color"] in COLORS
        assert product["material"] in MATERIALS_ZH  # canonical English material
        assert product["title"] and product["description"] and product["brand"]
        assert product["category_path"] == [
            product["category"],
            f"{product['category']} > {product['subcategory']}",
        ]
        assert 1.0 <= product["rating"] <= 5.0 and round(product["rating"], 1) == product["rating"]
        assert product["review_count"] >= 1
        assert product["stock"] >= 0 and product["in_stock"] == (product["stock"] > 0)
        assert 2 <= len(product["tags"]) <= 5 and len(set(product["tags"])) == len(product["tags"])
        assert all(isinstance(t, str) and 0 < len(t) <= 25 for t in product["tags"])


def test_prices_have_two_decimals_and_fit_the_subcategory(
    catalog: list[dict[str, Any]],
) -> None:
    for product in catalog:
        low, high = PRICE_RANGES[(product["category"], product["subcategory"])]
        assert low <= product["price"] <= high, product["id"]
        assert round(product["price"], 2) == product["price"]
    shoes = [p["price"] for p in catalog if p["subcategory"] == "Running Shoes"]
    assert min(shoes) >= 35 and max(shoes) <= 180
    assert len({round(p) for p in shoes}) > 30  # a spread, not a handful of fixed prices


def test_dates_are_in_2023_to_2025_and_match_the_timestamp(
    catalog: list[dict[str, Any]],
) -> None:
    years: Counter[int] = Counter()
    for product in catalog:
        day = datetime.fromtimestamp(product["created_ts"], UTC).date()
        assert product["created_at"] == day.isoformat()
        years[day.year] += 1
    assert set(years) == {2023, 2024, 2025}


def test_sizes_follow_the_category(catalog: list[dict[str, Any]]) -> None:
    for product in catalog:
        if product["category"] == "Apparel":
            assert product["size"] in APPAREL_SIZES
        elif product["category"] == "Shoes":
            assert product["size"] in SHOE_SIZES
        elif "size" in product:
            assert isinstance(product["size"], str) and product["size"]
    assert any("size" not in p for p in catalog)  # some products have no size at all


def test_some_products_are_out_of_stock(catalog: list[dict[str, Any]]) -> None:
    out = sum(not p["in_stock"] for p in catalog)
    assert 0.03 * len(catalog) < out < 0.15 * len(catalog)


def test_at_least_15_categories_each_with_several_subcategories(
    catalog: list[dict[str, Any]],
) -> None:
    subcategories: dict[str, set[str]] = {}
    for product in catalog:
        subcategories.setdefault(product["category"], set()).add(product["subcategory"])
    assert len(subcategories) >= 15
    assert {"Apparel", "Shoes", "Electronics", "Grocery", "Pet Supplies", "Health"} <= set(
        subcategories
    )
    assert all(len(subs) >= 4 for subs in subcategories.values())


def test_brands_are_per_category_and_8_to_15_each(catalog: list[dict[str, Any]]) -> None:
    brands: dict[str, set[str]] = {}
    for product in catalog:
        brands.setdefault(product["category"], set()).add(product["brand"])
    assert all(8 <= len(b) <= 15 for b in brands.values()), brands


def test_about_a_third_is_chinese_with_chinese_text_and_english_facets(
    catalog: list[dict[str, Any]],
) -> None:
    chinese = [p for p in catalog if p["lang"] == "zh"]
    assert 0.30 <= len(chinese) / len(catalog) <= 0.40
    for product in chinese:
        assert CJK.search(product["title"]) and CJK.search(product["description"])
        for facet in ("color", "category", "subcategory", "material"):
            assert not CJK.search(product[facet]), (product["id"], facet)
    for product in catalog:
        if product["lang"] == "en":
            assert not CJK.search(product["title"] + product["description"]), product["id"]
    assert len({p["category"] for p in chinese}) >= 10


def test_chinese_titles_name_the_color_in_chinese(catalog: list[dict[str, Any]]) -> None:
    colored = [p for p in catalog if p["lang"] == "zh" and p["category"] == "Apparel"]
    assert colored
    for product in colored:
        assert COLORS_ZH[product["color"]] in product["title"], product["title"]


def _is_red_running_shoe(product: dict[str, Any]) -> bool:
    return bool(product["subcategory"] == "Running Shoes" and product["color"] == "red")


def test_english_red_running_shoes_under_and_over_80(catalog: list[dict[str, Any]]) -> None:
    english = [p for p in catalog if _is_red_running_shoe(p) and p["lang"] == "en"]
    for product in english:
        assert "Red" in product["title"] and "Running Shoes" in product["title"]
        assert product["category"] == "Shoes"
    assert sum(p["price"] < 80 for p in english) >= 3
    assert sum(p["price"] > 80 for p in english) >= 3


def test_running_shoes_come_in_other_colors(catalog: list[dict[str, Any]]) -> None:
    colors = {p["color"] for p in catalog if p["subcategory"] == "Running Shoes"}
    assert len(colors - {"red"}) >= 5


def test_red_dresses_with_english_and_chinese_titles(catalog: list[dict[str, Any]]) -> None:
    red = [p for p in catalog if p["subcategory"] == "Dresses" and p["color"] == "red"]
    english = [p for p in red if p["lang"] == "en"]
    chinese = [p for p in red if p["lang"] == "zh"]
    assert len(english) >= 3 and all("Red" in p["title"] for p in english)
    assert len(chinese) >= 3
    assert all("红色" in p["title"] and "连衣裙" in p["title"] for p in chinese)
    assert all(p["category"] == "Apparel" for p in red)


def test_guarantees_hold_for_any_seed_once_the_catalog_is_big_enough() -> None:
    products = list(generate_products(1500, seed=12345))
    shoes = [p for p in products if _is_red_running_shoe(p) and p["lang"] == "en"]
    assert any(p["price"] < 80 for p in shoes) and any(p["price"] > 80 for p in shoes)
    zh_dresses = [
        p
        for p in products
        if p["subcategory"] == "Dresses" and p["color"] == "red" and p["lang"] == "zh"
    ]
    assert zh_dresses


@pytest.mark.parametrize("name", ["catalog.ndjson", "catalog.ndjson.gz"])
def test_write_catalog_round_trips(tmp_path: Path, name: str) -> None:
    path = tmp_path / "out" / name
    assert write_catalog(path, count=250, seed=9) == 250
    raw = path.read_bytes()
    if name.endswith(".gz"):
        assert raw[:2] == b"\x1f\x8b"
        raw = gzip.decompress(raw)
    else:
        assert raw[:1] == b"{"
    lines = raw.decode("utf-8").splitlines()
    assert [orjson.loads(line) for line in lines] == list(generate_products(250, seed=9))
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_gzip_output_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ndjson.gz", tmp_path / "b.ndjson.gz"
    write_catalog(first, count=100)
    write_catalog(second, count=100)
    assert first.read_bytes() == second.read_bytes()


def test_chinese_text_is_written_as_utf8_not_escaped(tmp_path: Path) -> None:
    path = tmp_path / "catalog.ndjson"
    write_catalog(path, count=300)
    text = path.read_text(encoding="utf-8")
    assert "红色" in text and "\\u" not in text


def test_vocabulary_is_consistent() -> None:
    """Every word a product can draw has a canonical form and a Chinese rendering."""
    for category in CATEGORIES:
        assert 8 <= len(category.brands) <= 15 and len(set(category.brands)) == len(category.brands)
        assert set(category.colors) <= set(COLORS)
        for sub in category.subcategories:
            assert set(sub.colors) <= set(COLORS), sub.name
            assert set(sub.materials) <= set(MATERIALS_ZH), sub.name
            assert sub.styles and sub.zh_styles, sub.name  # Chinese leads say "{style}设计"
            low, high = sub.price
            assert 0 < low < high, sub.name


def test_titles_have_no_gaps_left_by_empty_words(catalog: list[dict[str, Any]]) -> None:
    for product in catalog:
        for text in (product["title"], product["description"]):
            assert text == text.strip() and "  " not in text and " ," not in text, text
            assert "{" not in text and "}" not in text, text
            assert not text.endswith(("-", ",", ":")), text
    assert len({p["title"] for p in catalog}) > 0.8 * len(catalog)
