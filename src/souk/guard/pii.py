"""Find and redact personal data: emails, phone numbers (incl. Chinese mobiles), Chinese resident
ID numbers (18 digits, ISO 7064 MOD 11-2 checksum) and payment card numbers (Luhn).

Checksums keep false positives down: a product code of 18 digits is not redacted unless its
last character is the right check digit; a 16-digit SKU unless it passes Luhn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_CN_ID = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[0-9Xx](?![0-9A-Za-z])")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_CN_MOBILE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){2,4}(?!\w)")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class PiiFinding:
    kind: str  # email, cn_id, card, phone
    start: int
    end: int


def valid_cn_id(text: str) -> bool:
    digits = text.upper()
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == digits[17]


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for n, digit in enumerate(reversed(digits)):
        if n % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def find_pii(text: str) -> list[PiiFinding]:
    found: list[PiiFinding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match[str]) -> None:
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(PiiFinding(kind, start, end))

    for match in _EMAIL.finditer(text):
        add("email", match)
    for match in _CN_ID.finditer(text):
        if valid_cn_id(match.group()):
            add("cn_id", match)
    for match in _CN_MOBILE.finditer(text):
        add("phone", match)
    for match in _CARD.finditer(text):
        if luhn_valid(match.group()):
            add("card", match)
    for match in _PHONE.finditer(text):
        if sum(c.isdigit() for c in match.group()) >= 9 and _looks_like_phone(match.group()):
            add("phone", match)
    return sorted(found, key=lambda f: f.start)


def _looks_like_phone(candidate: str) -> bool:
    """A leading + or (, or three digit groups: not a bare number, a price or a year range."""
    stripped = candidate.strip()
    groups = len(re.findall(r"\d+", stripped))
    return stripped.startswith(("+", "(")) or groups >= 3


def redact(text: str) -> tuple[str, list[PiiFinding]]:
    """The text with every finding replaced by ``[EMAIL]``, ``[PHONE]``, ``[ID]`` or ``[CARD]``."""
    findings = find_pii(text)
    labels = {"email": "[EMAIL]", "phone": "[PHONE]", "cn_id": "[ID]", "card": "[CARD]"}
    out, last = [], 0
    for finding in findings:
        out.append(text[last : finding.start])
        out.append(labels[finding.kind])
        last = finding.end
    out.append(text[last:])
    return "".join(out), findings
