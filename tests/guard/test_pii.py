"""PII redaction: what must go, and what must stay (prices, SKUs, sizes, years)."""

from __future__ import annotations

import pytest

from souk.guard.pii import luhn_valid, redact, valid_cn_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email me at jane.doe@example.com please", "email me at [EMAIL] please"),
        ("call +1 (415) 555-2671 now", "call [PHONE] now"),
        ("call 415-555-2671", "call [PHONE]"),
        ("tel 020-8888 6666", "tel [PHONE]"),
        ("我的手机是13812345678，谢谢", "我的手机是[PHONE]，谢谢"),
        ("手机 +86 138-1234-5678", "手机 [PHONE]"),
        ("身份证 11010519491231002X 请核对", "身份证 [ID] 请核对"),
        ("card 4111 1111 1111 1111 exp 12/29", "card [CARD] exp 12/29"),
        ("卡号4111-1111-1111-1111", "卡号[CARD]"),
        ("two: a@b.io and 13912345678", "two: [EMAIL] and [PHONE]"),
    ],
)
def test_personal_data_is_redacted(text: str, expected: str) -> None:
    assert redact(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "sku 1234567812345678",  # 16 digits, fails Luhn
        "id 110105194912310021",  # 18 digits, wrong check digit
        "price 199 and 2x4 lumber 2024-2025",
        "order 12345, size 10 12 14 16",
        "a 1/2 in. pipe for ¥899",
        "型号 ABC-12345",
    ],
)
def test_look_alikes_stay(text: str) -> None:
    assert redact(text) == (text, [])


def test_checksums() -> None:
    assert valid_cn_id("11010519491231002X") and valid_cn_id("11010519491231002x")
    assert not valid_cn_id("110105194912310021")
    assert luhn_valid("4111111111111111") and luhn_valid("5500 0000 0000 0004")
    assert not luhn_valid("4111111111111112") and not luhn_valid("123")


def test_findings_name_their_kind() -> None:
    _, findings = redact("x@y.com 13812345678")
    assert [f.kind for f in findings] == ["email", "phone"]
