"""Authenticator and AuthContext on a real SQLite store: Meilisearch's key and token semantics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest

from souk.api.auth import (
    ACTIONS,
    AuthContext,
    Authenticator,
    expand_actions,
    is_valid_index_pattern,
    pattern_matches,
)
from souk.errors import SoukError
from souk.store.keys import ApiKey
from souk.store.store import Store
from souk.store.task_records import utc_now

MASTER = "MASTER_KEY_0123456789"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'souk.db'}")
    yield s
    s.close()


@pytest.fixture
def auth(store: Store) -> Authenticator:
    return Authenticator(store, MASTER)


def bearer(value: str) -> str:
    return f"Bearer {value}"


def new_key(auth: Authenticator, actions: list[str], indexes: list[str], **kw: Any) -> ApiKey:
    return auth.keys.create(actions=actions, indexes=indexes, **kw)


def denied(auth: Authenticator, header: str | None, action: str, index: str | None) -> SoukError:
    with pytest.raises(SoukError) as exc:
        auth.authenticate(header, action, index)
    return exc.value


def tenant_token(key: ApiKey, rules: Any, **claims: Any) -> str:
    payload = {"searchRules": rules, "apiKeyUid": key.uid, **claims}
    return jwt.encode(payload, key.key, algorithm="HS256")


def test_no_master_key_opens_everything_but_keys(store: Store) -> None:
    open_auth = Authenticator(store, None)
    assert not open_auth.enabled
    ctx = open_auth.authenticate(None, "documents.add", "movies")
    assert ctx.unrestricted and ctx.allows_index("anything")
    assert open_auth.authenticate("Bearer whatever", "version", None).unrestricted
    error = denied(open_auth, None, "keys.get", None)
    assert (error.code, error.status, error.error_type) == ("missing_master_key", 401, "auth")
    assert open_auth.keys.count() == 0  # no default keys without a master key


def test_default_keys_exist_and_work(auth: Authenticator) -> None:
    page, _ = auth.keys.list_keys()
    by_name = {k.name: k for k in page}
    search = by_name["Default Search API Key"]
    admin = by_name["Default Admin API Key"]
    assert auth.authenticate(bearer(search.key), "search", "movies").actions == {"search"}
    assert denied(auth, bearer(search.key), "documents.add", "movies").status == 403
    assert auth.authenticate(bearer(admin.key), "keys.create", None).key_uid == admin.uid
    assert auth.authenticate(bearer(admin.key), "documents.add", "movies").allows_index("x")


def test_missing_or_malformed_header(auth: Authenticator) -> None:
    for header in (None, "", "Basic abc", "bearer abc", "Token abc"):
        error = denied(auth, header, "search", "movies")
        assert (error.code, error.status) == ("missing_authorization_header", 401)
        assert error.message == (
            "The Authorization header is missing. It must use the bearer authorization method."
        )
    # "Bearer" with no token at all is an invalid key, not a missing header.
    assert denied(auth, "Bearer", "search", "movies").code == "invalid_api_key"


def test_unknown_key_is_403_and_master_key_can_do_anything(auth: Authenticator) -> None:
    error = denied(auth, bearer("kefir"), "search", "movies")
    assert (error.code, error.status, error.error_type) == ("invalid_api_key", 403, "auth")
    assert error.message == "The provided API key is invalid."
    assert error.to_dict()["link"] == "https://docs.meilisearch.com/errors#invalid_api_key"
    assert denied(auth, bearer(MASTER + "x"), "version", None).code == "invalid_api_key"
    for action in ("keys.delete", "dumps.create", "documents.add", "version"):
        assert auth.authenticate(bearer(MASTER), action, "movies").unrestricted


def test_action_checks(auth: Authenticator) -> None:
    docs = new_key(auth, ["documents.*"], ["*"])
    for action in ("documents.add", "documents.get", "documents.delete"):
        auth.authenticate(bearer(docs.key), action, "movies")
    assert denied(auth, bearer(docs.key), "search", "movies").code == "invalid_api_key"
    assert denied(auth, bearer(docs.key), "settings.update", "movies").code == "invalid_api_key"


def test_index_scoped_key(auth: Authenticator) -> None:
    key = new_key(auth, ["search", "documents.add", "indexes.get", "version"], ["dog"])
    ctx = auth.authenticate(bearer(key.key), "documents.add", "dog")
    assert ctx.filter_index_uids(["dog", "doggo", "cat"]) == ["dog"]
    error = denied(auth, bearer(key.key), "search", "doggo")
    assert error.code == "invalid_api_key"
    assert error.message == (
        'The API key cannot acces the index `doggo`, authorized indexes are ["dog"].'
    )
    # Index-less routes whose handler filters by index are allowed; purely global ones are not.
    assert auth.authenticate(bearer(key.key), "indexes.get", None).allows_index("dog")
    auth.authenticate(bearer(key.key), "search", None)  # multi-search checks each query
    assert denied(auth, bearer(key.key), "version", None).code == "invalid_api_key"
    assert denied(auth, bearer(key.key), "documents.add", None).code == "invalid_api_key"


def test_prefix_patterns(auth: Authenticator) -> None:
    key = new_key(auth, ["search"], ["movies*", "books"])
    ctx = auth.authenticate(bearer(key.key), "search", "movies_fr")
    assert ctx.allows_index("movies") and ctx.allows_index("movies-2024")
    assert not ctx.allows_index("book") and not ctx.allows_index("my_movies")
    auth.authenticate(bearer(key.key), "search", "books")
    assert denied(auth, bearer(key.key), "search", "booksX").status == 403


def test_expired_key(auth: Authenticator) -> None:
    key = new_key(auth, ["*"], ["*"], expires_at=utc_now() - timedelta(seconds=1))
    assert denied(auth, bearer(key.key), "search", "movies").code == "invalid_api_key"
    live = new_key(auth, ["*"], ["*"], expires_at=utc_now() + timedelta(hours=1))
    auth.authenticate(bearer(live.key), "search", "movies")


def test_deleted_key_stops_working(auth: Authenticator) -> None:
    key = new_key(auth, ["search"], ["*"])
    auth.authenticate(bearer(key.key), "search", "movies")
    auth.keys.delete(key.uid)
    assert denied(auth, bearer(key.key), "search", "movies").code == "invalid_api_key"


def test_wildcard_expansions() -> None:
    assert expand_actions(["*.get"]) >= {"search", "documents.get", "settings.get", "tasks.get"}
    assert "keys.get" not in expand_actions(["*.get"])
    assert "documents.add" not in expand_actions(["*.get"])
    assert expand_actions(["tasks.*"]) == {
        "tasks.get",
        "tasks.delete",
        "tasks.cancel",
        "tasks.compact",
    }
    assert expand_actions(["*"]) >= {"keys.create", "documents.add", "version", "search"}
    assert expand_actions(["version"]) == {"version"}


def test_patterns() -> None:
    assert pattern_matches("*", "anything")
    assert pattern_matches("movies*", "movies") and pattern_matches("movies*", "movies_fr")
    assert not pattern_matches("movies", "movies_fr")
    for good in ("*", "movies", "movies*", "a-b_c", "42"):
        assert is_valid_index_pattern(good), good
    for bad in ("", "good doggo", "mo*vies", "**", "é", "a" * 401):
        assert not is_valid_index_pattern(bad), bad


def test_unknown_action_is_a_programming_error(auth: Authenticator) -> None:
    assert "keys.*" not in ACTIONS  # Meilisearch has no keys.* action
    with pytest.raises(ValueError):
        auth.authenticate(bearer(MASTER), "documents.upsert", None)


# -- tenant tokens ------------------------------------------------------------------------------


def test_tenant_token_with_filter_rule(auth: Authenticator) -> None:
    parent = new_key(auth, ["search"], ["*"])
    token = tenant_token(parent, {"sales": {"filter": "color = blue"}, "books*": None})
    ctx = auth.authenticate(bearer(token), "search", "sales")
    assert ctx.is_tenant_token and ctx.actions == {"search"}
    assert ctx.search_filter("sales") == "color = blue"
    assert ctx.search_filter("books_fr") is None
    assert ctx.filter_index_uids(["sales", "books_fr", "movies"]) == ["sales", "books_fr"]
    error = denied(auth, bearer(token), "search", "movies")
    assert error.code == "invalid_api_key"
    assert error.message == (
        "The provided tenant token cannot acces the index `movies`, allowed indexes are "
        '["books*", "sales"].'
    )


def test_tenant_token_most_specific_rule_wins(auth: Authenticator) -> None:
    parent = new_key(auth, ["search"], ["*"])
    token = tenant_token(
        parent,
        {
            "*": {"filter": "color = green"},
            "sal*": {"filter": ["a = 1"]},
            "sales": {"filter": ["color = blue", ["size = 1", "size = 2"]]},
        },
    )
    ctx = auth.authenticate(bearer(token), "search", "sales")
    assert ctx.search_filter("sales") == ["color = blue", ["size = 1", "size = 2"]]
    assert ctx.search_filter("salsa") == ["a = 1"]
    assert ctx.search_filter("movies") == "color = green"


def test_tenant_token_list_rules_have_no_filter(auth: Authenticator) -> None:
    parent = new_key(auth, ["search"], ["*"])
    ctx = auth.authenticate(bearer(tenant_token(parent, ["sales", "books*"])), "search", "sales")
    assert ctx.search_filter("sales") is None
    assert ctx.allows_index("books_fr") and not ctx.allows_index("movies")


def test_tenant_token_is_limited_by_its_parent_key(auth: Authenticator) -> None:
    parent = new_key(auth, ["search"], ["dog"])
    token = tenant_token(parent, ["doggo", "dog"])
    auth.authenticate(bearer(token), "search", "dog")
    error = denied(auth, bearer(token), "search", "doggo")
    assert error.message == (
        "The API key used to generate this tenant token cannot acces the index `doggo`."
    )
    no_search = new_key(auth, ["documents.get"], ["*"])
    error = denied(auth, bearer(tenant_token(no_search, ["*"])), "search", "dog")
    assert error.message == "The provided API key is invalid."


def test_tenant_token_grants_search_only(auth: Authenticator) -> None:
    parent = new_key(auth, ["*"], ["*"])
    token = tenant_token(parent, ["*"])
    auth.authenticate(bearer(token), "search", "movies")
    # On any other route the token is taken for an API key, and no key has that value.
    assert denied(auth, bearer(token), "documents.get", "movies").code == "invalid_api_key"


def test_tenant_token_expiry_and_parent_expiry(auth: Authenticator) -> None:
    parent = new_key(auth, ["search"], ["*"])
    past = int(time.time()) - 10
    error = denied(auth, bearer(tenant_token(parent, ["*"], exp=past)), "search", "movies")
    assert error.code == "invalid_api_key"
    assert error.message.startswith(f"Tenant token expired. Was valid up to `{past}`")
    future = int(time.time()) + 3600
    auth.authenticate(bearer(tenant_token(parent, ["*"], exp=future)), "search", "movies")
    old = new_key(auth, ["search"], ["*"], expires_at=utc_now() - timedelta(seconds=1))
    assert denied(auth, bearer(tenant_token(old, ["*"])), "search", "movies").status == 403


def test_invalid_tenant_tokens(auth: Authenticator) -> None:
    parent = new_key(auth, ["search"], ["*"])
    forged = jwt.encode({"searchRules": ["*"], "apiKeyUid": parent.uid}, "wrong-secret-" * 3)
    error = denied(auth, bearer(forged), "search", "movies")
    assert error.message == "Could not decode tenant token, InvalidSignature."
    no_rules = jwt.encode({"apiKeyUid": parent.uid}, parent.key)
    assert "missing field `searchRules`" in denied(auth, bearer(no_rules), "search", "m").message
    bad_rules = jwt.encode({"searchRules": "kefir", "apiKeyUid": parent.uid}, parent.key)
    assert "SearchRules" in denied(auth, bearer(bad_rules), "search", "m").message
    no_uid = jwt.encode({"searchRules": ["*"]}, parent.key)
    assert "missing field `apiKeyUid`" in denied(auth, bearer(no_uid), "search", "m").message
    # Signed with the master key instead of the key: also refused.
    master_signed = jwt.encode({"searchRules": ["*"], "apiKeyUid": parent.uid}, MASTER * 2)
    assert denied(auth, bearer(master_signed), "search", "m").code == "invalid_api_key"
    garbage = denied(auth, bearer("a.b.c"), "search", "m")
    assert garbage.code == "invalid_api_key" and garbage.status == 403


def test_tenant_token_of_a_deleted_key(auth: Authenticator) -> None:
    parent = new_key(auth, ["search"], ["*"])
    token = tenant_token(parent, ["*"])
    auth.keys.delete(parent.uid)
    assert denied(auth, bearer(token), "search", "movies").message == (
        "The provided API key is invalid."
    )


def test_auth_context_helpers() -> None:
    full = AuthContext.full_access()
    assert full.all_indexes and full.search_filter("x") is None
    scoped = AuthContext(actions=frozenset({"search"}), indexes=("a*",), search_rules={"ab": None})
    assert not scoped.all_indexes
    assert scoped.allows_index("ab") and not scoped.allows_index("ac")
    assert scoped.filter_index_uids(["ab", "ac", "b"]) == ["ab"]


def test_tenant_token_from_the_meilisearch_sdk(auth: Authenticator) -> None:
    meilisearch = pytest.importorskip("meilisearch")
    parent = new_key(auth, ["search"], ["*"])
    client = meilisearch.Client("http://127.0.0.1:1", MASTER)
    token = client.generate_tenant_token(
        parent.uid,
        {"shop": {"filter": "tenant = acme"}},
        api_key=parent.key,
        expires_at=utc_now() + timedelta(hours=1),
    )
    ctx = auth.authenticate(bearer(token), "search", "shop")
    assert ctx.search_filter("shop") == "tenant = acme"
    assert not ctx.allows_index("other")
