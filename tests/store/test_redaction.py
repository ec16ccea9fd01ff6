"""Secrets hidden on read exactly as Meilisearch hides them (its own test snapshots)."""

from __future__ import annotations

import pytest

from souk.store.redaction import hide_authorization, hide_secret
from souk.store.webhooks import Webhook


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("TOKEN", "XXX..."),
        ("", "XXX..."),
        ("Bearer a-secret-token", "Bearer a-XXXX..."),
        ("Bearer a-secret-token-defined-in-test-cli", "Bearer a-secXXXXXX..."),
        ("Bearer 0123456789012345678901", "Bearer 012XXXXX..."),
        ("Basic dXNlcjpwYXNzd29yZA==", "BasXXXXX..."),
    ],
)
def test_authorization_values_as_meilisearch_shows_them(value: str, shown: str) -> None:
    assert hide_authorization("Authorization", value) == shown


def test_only_authorization_is_hidden_in_any_case() -> None:
    assert hide_authorization("authorization", "TOKEN") == "XXX..."
    assert hide_authorization("AUTHORIZATION", "TOKEN") == "XXX..."
    assert hide_authorization("authorization2", "TOKEN") == "TOKEN"
    assert hide_authorization("X-Api-Key", "TOKEN") == "TOKEN"


def test_a_cut_never_splits_a_character() -> None:
    # 10 bytes: the first 2 are kept, but the second starts a 2-byte "é": keep the whole of it
    assert hide_secret("aébcdefgh") == "aéXXXX..."
    assert hide_secret("short", offset=10) == "short"


def test_redacted_leaves_the_stored_webhook_alone() -> None:
    hook = Webhook("u", "http://x", {"Authorization": "Bearer a-secret-token", "X-Tag": "shop"})
    assert hook.redacted().headers == {"Authorization": "Bearer a-XXXX...", "X-Tag": "shop"}
    assert hook.headers["Authorization"] == "Bearer a-secret-token"
