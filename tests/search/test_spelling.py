"""Spelling correction of unknown query words from the catalog vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from souk.engine import Engine
from souk.search.spelling import Vocabulary, correct_groups
from souk.search.terms import build_groups
from souk.text.typos import TypoRules
from tests.conftest import make_settings

VOCABULARY = Vocabulary(
    {"microwave": 30, "microwaves": 2, "toilet": 50, "tablet": 3, "sprinkler": 9, "over": 8}
)


def frequency(term: str) -> int:
    return VOCABULARY.frequencies.get(term, 0)


def fixes(query: str, rules: TypoRules | None = None) -> dict[str, str]:
    return correct_groups(build_groups(query), frequency, lambda: VOCABULARY, rules or TypoRules())


def test_closest_then_commonest_word_wins() -> None:
    assert VOCABULARY.correct("micewave") == "microwave"  # two edits in an 8-letter word
    assert VOCABULARY.correct("toliet") == "toilet"  # a transposition is one edit
    assert VOCABULARY.correct("qqqqqq") is None


def test_only_unknown_words_are_corrected() -> None:
    assert fixes("micewave toilet") == {"micewave": "microwave"}
    assert fixes("microwaves") == {}, "a known word is never corrected"


def test_typo_settings_still_rule() -> None:
    assert fixes("tolet") == {"tolet": "toilet"}
    assert fixes("tolet", TypoRules(enabled=False)) == {}
    assert fixes("tolet", TypoRules(disable_on_words=frozenset({"tolet"}))) == {}
    assert fixes("tolet", TypoRules(one_typo=6)) == {}, "shorter than the one-typo size"
    assert fixes('"micewave"') == {}, "quoted words are exact"


def test_groups_carry_the_correction() -> None:
    groups = build_groups("lawn sprinkeler")
    correct_groups(groups, frequency, lambda: VOCABULARY, TypoRules())
    assert groups[1].corrections == ["sprinkler"] and groups[0].corrections == []


DOCS: list[dict[str, Any]] = [
    {"id": 1, "title": "Countertop Microwave Oven 1.1 cu. ft."},
    {"id": 2, "title": "Elongated Toilet Seat White"},
    {"id": 3, "title": "Oven Mitt Cotton"},
]


def test_search_finds_what_meilisearch_typo_rules_miss(tmp_path: Path) -> None:
    with Engine(make_settings(tmp_path)) as engine:
        engine.wait_for_task(engine.create_index("t", "id", {"embedders": {}}).uid)
        engine.wait_for_task(engine.add_documents("t", DOCS).uid)
        learned = [h["id"] for h in engine.search("t", {"q": "micewave oven"})["hits"]]
        rules = [h["id"] for h in engine.search("t", {"q": "micewave", "ranker": "rules"})["hits"]]
    assert learned[0] == 1
    assert rules == []
