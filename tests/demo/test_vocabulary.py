"""The demo vocabulary is a data file (``vocabulary.json``) read into frozen dataclasses."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import Any

import pytest

from souk.demo import vocabulary
from souk.demo.vocabulary import (
    CATEGORIES,
    COLORS,
    COLORS_ZH,
    EN_PATTERNS,
    EN_PLAIN_PATTERNS,
    ZH_PLAIN_PATTERNS,
    Category,
    Subcategory,
    _build,
)


def raw_data() -> dict[str, Any]:
    text = resources.files("souk.demo").joinpath("vocabulary.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_the_data_file_ships_inside_the_package() -> None:
    assert resources.files("souk.demo").joinpath("vocabulary.json").is_file()
    assert set(raw_data()) == {"colors_zh", "materials_zh", "lists", "categories"}


def test_every_public_name_is_exported() -> None:
    for name in vocabulary.__all__:
        assert hasattr(vocabulary, name), name
    for name in set(raw_data()["lists"]) - {"APPAREL_SIZES", "SHOE_SIZES"}:
        assert getattr(vocabulary, name) == tuple(raw_data()["lists"][name]), name


def test_everything_is_tuples_and_frozen_dataclasses() -> None:
    assert tuple(COLORS_ZH) == COLORS
    assert len(CATEGORIES) == len(raw_data()["categories"]) >= 15
    for category in CATEGORIES:
        assert isinstance(category, Category)
        records: list[Category | Subcategory] = [category, *category.subcategories]
        for record in records:
            for field in dataclasses.fields(record):
                value = getattr(record, field.name)
                if str(field.type).startswith("tuple"):
                    assert isinstance(value, tuple), (record.name, field.name)
        with pytest.raises(dataclasses.FrozenInstanceError):
            category.name = "x"  # type: ignore[misc]


def test_named_lists_and_defaults_are_resolved() -> None:
    by_name = {c.name: c for c in CATEGORIES}
    apparel = by_name["Apparel"]
    assert apparel.colors == COLORS
    assert {s.sizes for s in apparel.subcategories} == {("XS", "S", "M", "L", "XL", "XXL")}
    assert by_name["Shoes"].subcategories[0].sizes == tuple(str(n) for n in range(36, 47))
    plain = [s for c in CATEGORIES for s in c.subcategories if s.patterns == EN_PLAIN_PATTERNS]
    assert plain and all(s.zh_patterns == ZH_PLAIN_PATTERNS for s in plain)
    assert EN_PATTERNS != EN_PLAIN_PATTERNS
    # fields left out of the file take the dataclass defaults
    assert by_name["Electronics"].zh_extras == ("新款", "热卖", "官方正品", "包邮")
    assert by_name["Books"].style_is_title and not by_name["Apparel"].style_is_title


def test_a_misspelt_field_or_list_name_fails_loudly() -> None:
    raw = {"name": "X", "noun": "X", "zh_noun": "X", "price": [1.0, 2.0], "materials": []}
    assert _build(Subcategory, raw, {}).price == (1.0, 2.0)
    with pytest.raises(ValueError, match="unknown Subcategory fields"):
        _build(Subcategory, {**raw, "colour": ["red"]}, {})
    with pytest.raises(KeyError, match="NO_SUCH_LIST"):
        _build(Subcategory, {**raw, "sizes": "NO_SUCH_LIST"}, {})
