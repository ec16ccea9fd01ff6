"""Joined and split compound alternatives of query words."""

from __future__ import annotations

from souk.search.compounds import add_compounds, best_split
from souk.search.terms import build_groups

FREQUENCIES = {"deck": 40, "over": 12, "back": 30, "splash": 5, "de": 99, "ckover": 1}


def frequency(term: str) -> int:
    return FREQUENCIES.get(term, 0)


def test_split_needs_both_halves_in_the_index() -> None:
    assert best_split("deckover", frequency) == ("deck", "over")
    assert best_split("backsplash", frequency) == ("back", "splash")
    assert best_split("zzzzzz", frequency) is None


def test_adjacent_words_also_match_joined() -> None:
    groups = build_groups("deck over paint")
    add_compounds(groups, frequency)
    assert ["deckover"] in groups[0].compounds and ["deckover"] in groups[1].compounds
    assert ["overpaint"] in groups[1].compounds and ["overpaint"] in groups[2].compounds
    assert ["deckpaint"] not in groups[0].compounds, "only neighbours are joined"


def test_single_word_gets_its_split() -> None:
    groups = build_groups("deckover")
    add_compounds(groups, frequency)
    assert groups[0].compounds == [["deck", "over"]]


def test_quoted_numbers_and_chinese_are_left_alone() -> None:
    groups = build_groups('"deck over" 2x4 红色')
    add_compounds(groups, frequency)
    assert all(not g.compounds for g in groups)
