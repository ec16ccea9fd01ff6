"""API keys through the SDK: CRUD, how a key is derived, and what each scope allows."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import meilisearch
import pytest
import requests
from meilisearch.errors import MeilisearchApiError
from meilisearch.models.key import Key

from tests.compat.conftest import MakeIndex, Server

pytestmark = pytest.mark.compat


@pytest.fixture
def new_key(client: meilisearch.Client) -> Iterator[Callable[..., Key]]:
    """Create keys that are deleted again after the test."""
    made: list[Key] = []

    def create(actions: list[str], indexes: list[str], **extra: Any) -> Key:
        key = client.create_key(
            {"actions": actions, "indexes": indexes, "expiresAt": None, **extra}
        )
        made.append(key)
        return key

    yield create
    for key in made:
        with contextlib.suppress(MeilisearchApiError):
            client.delete_key(key.key)


def _api_error(call: Callable[[], Any]) -> MeilisearchApiError:
    with pytest.raises(MeilisearchApiError) as err:
        call()
    return err.value


def test_default_keys_exist(client: meilisearch.Client) -> None:
    keys = client.get_keys({"limit": 100})
    names = {k.name: k for k in keys.results}
    assert names["Default Search API Key"].actions == ["search"]
    assert names["Default Search API Key"].indexes == ["*"]
    assert names["Default Admin API Key"].indexes == ["*"]
    assert keys.total >= 2


def test_create_get_update_delete_key(
    client: meilisearch.Client, new_key: Callable[..., Key]
) -> None:
    uid = str(uuid.uuid4())
    key = new_key(
        ["search", "documents.get"],
        ["compat_scope"],
        uid=uid,
        name="reader",
        description="reads things",
    )
    assert key.uid == uid
    assert key.name == "reader"
    assert key.description == "reads things"
    assert key.actions == ["search", "documents.get"]
    assert key.indexes == ["compat_scope"]
    assert key.expires_at is None
    # Meilisearch derives the key from its uid: hex(HMAC-SHA256(master key, uid)).
    assert key.key == hmac.new(b"masterKey", uid.encode(), hashlib.sha256).hexdigest()

    assert client.get_key(key.key).uid == uid
    assert client.get_key(uid).key == key.key
    assert uid in [k.uid for k in client.get_keys({"limit": 100}).results]

    updated = client.update_key(key.key, {"name": "renamed", "description": None})
    assert updated.name == "renamed"
    assert updated.description is None
    assert updated.actions == ["search", "documents.get"]
    assert updated.updated_at is not None

    assert client.delete_key(key.key) == 204
    error = _api_error(lambda: client.get_key(uid))
    assert error.status_code == 404
    assert error.code == "api_key_not_found"


def test_key_actions_are_immutable(client: meilisearch.Client, new_key: Callable[..., Key]) -> None:
    key = new_key(["search"], ["*"])
    error = _api_error(lambda: client.update_key(key.key, {"actions": ["*"]}))
    assert error.status_code == 400
    assert error.code == "immutable_api_key_actions"


def test_key_with_expiry(client: meilisearch.Client, new_key: Callable[..., Key]) -> None:
    expires = datetime(2099, 1, 1, 12, 30, 0, 500000)
    key = new_key(["search"], ["*"], expiresAt=expires.isoformat() + "Z")
    assert key.expires_at == expires
    error = _api_error(
        lambda: client.create_key(
            {"actions": ["search"], "indexes": ["*"], "expiresAt": "2000-01-01T00:00:00Z"}
        )
    )
    assert error.status_code == 400
    assert error.code == "invalid_api_key_expires_at"


def test_invalid_key_action(client: meilisearch.Client) -> None:
    error = _api_error(
        lambda: client.create_key({"actions": ["fly"], "indexes": ["*"], "expiresAt": None})
    )
    assert error.status_code == 400
    assert error.code == "invalid_api_key_actions"


def test_search_only_key(
    souk_server: Server, make_index: MakeIndex, new_key: Callable[..., Key]
) -> None:
    index = make_index([{"id": 1, "title": "scoped"}])
    key = new_key(["search"], [index.uid])
    as_key = meilisearch.Client(souk_server.url, key.key).index(index.uid)
    assert as_key.search("scoped")["hits"] == [{"id": 1, "title": "scoped"}]
    for forbidden in (
        lambda: as_key.add_documents([{"id": 2}]),
        lambda: as_key.get_documents(),
        lambda: as_key.get_settings(),
    ):
        error = _api_error(forbidden)
        assert error.status_code == 403
        assert error.code == "invalid_api_key"


def test_index_scoped_key(
    souk_server: Server, make_index: MakeIndex, new_key: Callable[..., Key]
) -> None:
    allowed = make_index([{"id": 1}])
    other = make_index([{"id": 1}])
    key = new_key(["search", "documents.add", "tasks.get"], [allowed.uid])
    as_key = meilisearch.Client(souk_server.url, key.key)
    assert as_key.index(allowed.uid).search("")["estimatedTotalHits"] == 1
    task = as_key.wait_for_task(as_key.index(allowed.uid).add_documents([{"id": 2}]).task_uid)
    assert task.status == "succeeded"
    error = _api_error(lambda: as_key.index(other.uid).search(""))
    assert error.status_code == 403
    assert error.code == "invalid_api_key"
    # Multi-search checks every query's index against the key.
    error = _api_error(
        lambda: as_key.multi_search([{"indexUid": allowed.uid}, {"indexUid": other.uid}])
    )
    assert error.status_code == 403


def test_index_pattern_key(
    souk_server: Server,
    client: meilisearch.Client,
    new_key: Callable[..., Key],
    make_index: MakeIndex,
) -> None:
    inside = make_index([{"id": 1}])
    key = new_key(["search"], [inside.uid[:-1] + "*"])
    as_key = meilisearch.Client(souk_server.url, key.key)
    assert as_key.index(inside.uid).search("")["estimatedTotalHits"] == 1
    error = _api_error(lambda: as_key.index("compat_products").search(""))
    assert error.code == "invalid_api_key"


def test_missing_and_wrong_keys(souk_server: Server, client: meilisearch.Client) -> None:
    response = requests.get(f"{souk_server.url}/indexes", timeout=10)
    assert response.status_code == 401
    assert response.json()["code"] == "missing_authorization_header"
    assert response.json()["type"] == "auth"
    response = requests.get(
        f"{souk_server.url}/indexes", timeout=10, headers={"Authorization": "Bearer not-a-key"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_api_key"
    # The SDK without a key sends "Bearer None", which is just a wrong key.
    error = _api_error(lambda: meilisearch.Client(souk_server.url).get_indexes())
    assert error.status_code == 403
    assert error.code == "invalid_api_key"
    assert requests.get(f"{souk_server.url}/health", timeout=10).status_code == 200


def test_default_search_key_cannot_manage_keys(
    souk_server: Server, client: meilisearch.Client
) -> None:
    search_key = next(
        k for k in client.get_keys({"limit": 100}).results if k.name == "Default Search API Key"
    )
    error = _api_error(lambda: meilisearch.Client(souk_server.url, search_key.key).get_keys())
    assert error.status_code == 403
    assert error.code == "invalid_api_key"
