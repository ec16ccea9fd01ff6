"""``distinct`` keeps the best ranked hit of each value."""

from __future__ import annotations

from typing import Any

from souk.search.candidates import Candidate
from souk.search.respond.distinct import keep_distinct


def test_first_of_each_value_values_compared_normalised() -> None:
    docs: dict[int, dict[str, Any]] = {
        1: {"brand": "Acme"},
        2: {"brand": "acme"},
        3: {"brand": "Borealis"},
        4: {},
        5: {},
    }
    ranked = [Candidate(i, 1.0) for i in (2, 1, 3, 4, 5)]
    assert [c.iid for c in keep_distinct(ranked, docs, "brand")] == [2, 3, 4, 5]
