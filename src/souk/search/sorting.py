"""Parsing and validation of ``sort`` expressions (``price:asc``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from souk.errors import SoukError


@dataclass(frozen=True)
class SortKey:
    attribute: str
    descending: bool


def parse_sort(expressions: Sequence[str], sortable: Sequence[str]) -> list[SortKey]:
    keys: list[SortKey] = []
    for expression in expressions:
        attribute, sep, direction = expression.strip().rpartition(":")
        if not sep or direction not in ("asc", "desc") or not attribute:
            raise SoukError(
                f"Invalid value at `.sort[{len(keys)}]`: `{expression}` is an invalid sort "
                "expression. The expected format is `attribute:asc` or `attribute:desc`.",
                "invalid_search_sort",
            )
        if attribute not in sortable and "*" not in sortable:
            available = ", ".join(sorted(sortable))
            raise SoukError(
                f"Attribute `{attribute}` is not sortable. "
                + (
                    f"Available sortable attributes are: `{available}`."
                    if sortable
                    else "This index does not have configured sortable attributes."
                ),
                "invalid_search_sort",
            )
        keys.append(SortKey(attribute, direction == "desc"))
    return keys
