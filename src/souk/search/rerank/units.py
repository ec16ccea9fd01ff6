"""Canonical forms of measurement units, so `in.`, `inch` and `ft`, `feet` compare equal.

Product titles and shoppers abbreviate units freely ("1/2 in.", "1/2 inch", "10 ft.", "10-foot");
mapping each spelling to one canonical token lets match features see them as the same word.
"""

from __future__ import annotations

UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "inch": ("in", "inch", "inches", "ins"),
    "foot": ("ft", "foot", "feet"),
    "yard": ("yd", "yds", "yard", "yards"),
    "gallon": ("gal", "gals", "gallon", "gallons"),
    "quart": ("qt", "qts", "quart", "quarts"),
    "ounce": ("oz", "ounce", "ounces"),
    "pound": ("lb", "lbs", "pound", "pounds"),
    "volt": ("v", "volt", "volts"),
    "watt": ("w", "watt", "watts"),
    "amp": ("a", "amp", "amps", "ampere", "amperes"),
    "millimetre": ("mm", "millimeter", "millimeters", "millimetre", "millimetres"),
    "centimetre": ("cm", "centimeter", "centimeters", "centimetre", "centimetres"),
    "metre": ("m", "meter", "meters", "metre", "metres"),
    "litre": ("l", "liter", "liters", "litre", "litres"),
    "millilitre": ("ml", "milliliter", "milliliters", "millilitre", "millilitres"),
    "kilogram": ("kg", "kilogram", "kilograms"),
    "gram": ("g", "gram", "grams"),
    "square": ("sq",),
    "cubic": ("cu",),
    "gauge": ("ga", "gauge"),
    "btu": ("btu", "btus"),
    "pack": ("pk", "pack", "packs", "pkg"),
    "piece": ("pc", "pcs", "piece", "pieces"),
}

CANONICAL_UNIT: dict[str, str] = {
    spelling: canonical for canonical, spellings in UNIT_SPELLINGS.items() for spelling in spellings
}


def canonical_unit(token: str) -> str | None:
    """The canonical unit a token spells, or None when it is not a unit."""
    return CANONICAL_UNIT.get(token)
