"""Typo tolerance thresholds (Meilisearch ``typoTolerance``)."""

from __future__ import annotations

import pytest

from souk.text.typos import TypoRules, allowed_typos, is_number

DEFAULT = TypoRules()


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("a", 0),
        ("shoe", 0),  # 4 chars
        ("shoes", 1),  # 5 chars: oneTypo
        ("trainers", 1),  # 8 chars
        ("sneakerss", 2),  # 9 chars: twoTypos
        ("comfortable", 2),
        ("ωμεγας", 1),  # length is counted in characters, not bytes
    ],
)
def test_default_thresholds(term: str, expected: int) -> None:
    assert allowed_typos(term, DEFAULT) == expected


def test_custom_thresholds() -> None:
    rules = TypoRules(one_typo=3, two_typos=6)
    assert [allowed_typos("x" * n, rules) for n in range(1, 8)] == [0, 0, 1, 1, 1, 2, 2]


def test_disabled() -> None:
    assert allowed_typos("comfortable", TypoRules(enabled=False)) == 0


def test_cjk_never_allows_typos() -> None:
    assert allowed_typos("中国农业发展银行", DEFAULT) == 0
    assert allowed_typos("nike耐克耐克耐克", DEFAULT) == 0


def test_disable_on_words() -> None:
    rules = TypoRules(disable_on_words=frozenset({"adidas"}))
    assert allowed_typos("adidas", rules) == 0
    assert allowed_typos("addidas", rules) == 1


def test_disable_on_numbers() -> None:
    rules = TypoRules(disable_on_numbers=True)
    assert allowed_typos("123456789", rules) == 0
    assert allowed_typos("12345.5", rules) == 0
    assert allowed_typos("123456789", DEFAULT) == 2
    assert allowed_typos("iphone15", rules) == 1  # alphanumerics are words, not numbers


@pytest.mark.parametrize(
    ("term", "expected"),
    [("42", True), ("1.5", True), ("1/2", True), ("1.", False), ("v2", False), ("", False)],
)
def test_is_number(term: str, expected: bool) -> None:
    assert is_number(term) is expected
