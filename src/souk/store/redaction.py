"""Hiding secrets on read the way Meilisearch does (``hide_secret`` in meilisearch-types).

The visible prefix grows with the secret's length so a short secret shows nothing and a long one
shows just enough to tell two apart: under 10 bytes nothing is kept (``XXX...``), under 20 the
first 2 (``XXXX...``), under 30 the first 3 (``XXXXX...``), otherwise the first 5
(``XXXXXX...``). Lengths count UTF-8 bytes and a cut never splits a character, as in Rust.
"""

from __future__ import annotations


def _char_boundary(raw: bytes, index: int) -> int:
    """The first index at or after ``index`` that starts a character (Rust's
    ``ceil_char_boundary``)."""
    index = min(index, len(raw))
    while index < len(raw) and raw[index] & 0xC0 == 0x80:
        index += 1
    return index


def hide_secret(secret: str, offset: int = 0) -> str:
    """``secret`` with everything after its first ``offset`` bytes (a prefix such as
    ``"Bearer "`` that is not secret) and a few more replaced by ``X…``."""
    raw = secret.encode()
    length = len(raw) - offset
    if length < 0:
        return secret
    if length < 10:
        keep, mask = 0, "XXX..."
    elif length < 20:
        keep, mask = 2, "XXXX..."
    elif length < 30:
        keep, mask = 3, "XXXXX..."
    else:
        keep, mask = 5, "XXXXXX..."
    return raw[: _char_boundary(raw, offset + keep)].decode() + mask


def hide_authorization(name: str, value: str) -> str:
    """A header's value as shown on read: ``Authorization`` (any case) is hidden, keeping a
    ``Bearer `` scheme visible; every other header is shown as is, as in Meilisearch."""
    if name.lower() != "authorization":
        return value
    return hide_secret(value, len("Bearer ") if value.startswith("Bearer ") else 0)
