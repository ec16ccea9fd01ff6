"""``/keys`` routes and authorisation through the whole app (master key set)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.engine import Engine
from souk.store.keys import derive_key
from souk.store.keys import keys as keys_table
from tests.conftest import make_settings

MASTER = "masterKey"
ADMIN = {"Authorization": f"Bearer {MASTER}"}
NIL = "00000000-0000-0000-0000-000000000000"
PRODUCTS = [
    {"id": 1, "title": "Red running shoes", "color": "red", "tenant": "acme"},
    {"id": 2, "title": "Blue running shoes", "color": "blue", "tenant": "acme"},
    {"id": 3, "title": "Red dress", "color": "red", "tenant": "borealis"},
]


class Api:
    def __init__(self, client: TestClient, engine: Engine) -> None:
        self.client = client
        self.engine = engine

    def call(self, method: str, path: str, key: str | None = MASTER, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        return self.client.request(method, path, headers=headers, **kwargs)

    def wait(self, response: Any) -> dict[str, Any]:
        assert response.status_code == 202, response.text
        uid = response.json()["taskUid"]
        self.engine.wait_for_task(uid)
        task: dict[str, Any] = self.call("GET", f"/tasks/{uid}").json()
        assert task["status"] == "succeeded", task
        return task

    def new_key(self, **body: Any) -> dict[str, Any]:
        response = self.call("POST", "/keys", json={"expiresAt": None, **body})
        assert response.status_code == 201, response.text
        key: dict[str, Any] = response.json()
        return key


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    engine = Engine(settings)
    app = create_app(engine, master_key=MASTER, run_worker=False)
    with TestClient(app) as client:
        yield Api(client, engine)
    engine.close()


@pytest.fixture
def shop(api: Api) -> Api:
    api.wait(api.call("POST", "/indexes", json={"uid": "shop", "primaryKey": "id"}))
    api.wait(
        api.call(
            "PATCH", "/indexes/shop/settings", json={"filterableAttributes": ["color", "tenant"]}
        )
    )
    api.wait(api.call("POST", "/indexes/shop/documents", json=PRODUCTS))
    return api


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.text
    return sorted(hit["id"] for hit in response.json()["hits"])


# -- authorisation through the routes ----------------------------------------------------------


def test_missing_header_401_bad_key_403_health_open(api: Api) -> None:
    assert api.call("GET", "/health", key=None).json() == {"status": "available"}
    missing = api.call("GET", "/indexes", key=None)
    assert missing.status_code == 401
    assert missing.json() == {
        "message": "The Authorization header is missing. It must use the bearer authorization "
        "method.",
        "code": "missing_authorization_header",
        "type": "auth",
        "link": "https://docs.meilisearch.com/errors#missing_authorization_header",
    }
    bad = api.call("GET", "/indexes", key="kefir")
    assert bad.status_code == 403
    assert bad.json() == {
        "message": "The provided API key is invalid.",
        "code": "invalid_api_key",
        "type": "auth",
        "link": "https://docs.meilisearch.com/errors#invalid_api_key",
    }
    assert api.call("GET", "/keys", key=None).status_code == 401


def test_search_key_searches_but_cannot_write(shop: Api) -> None:
    search_key = next(
        k for k in shop.call("GET", "/keys").json()["results"] if k["actions"] == ["search"]
    )["key"]
    assert ids(shop.call("POST", "/indexes/shop/search", key=search_key, json={"q": "red"})) == [
        1,
        3,
    ]
    assert shop.call("GET", "/indexes/shop/search?q=red", key=search_key).status_code == 200
    write = shop.call("POST", "/indexes/shop/documents", key=search_key, json=[{"id": 9}])
    assert write.status_code == 403 and write.json()["code"] == "invalid_api_key"
    assert shop.call("GET", "/keys", key=search_key).status_code == 403


def test_index_scoped_key(shop: Api) -> None:
    shop.wait(shop.call("POST", "/indexes", json={"uid": "other", "primaryKey": "id"}))
    key = shop.new_key(actions=["search", "indexes.get", "documents.add"], indexes=["shop"])["key"]
    assert shop.call("POST", "/indexes/shop/search", key=key, json={}).status_code == 200
    other = shop.call("POST", "/indexes/other/search", key=key, json={})
    assert other.status_code == 403
    assert other.json()["message"] == (
        'The API key cannot acces the index `other`, authorized indexes are ["shop"].'
    )
    listed = shop.call("GET", "/indexes", key=key).json()["results"]
    assert [i["uid"] for i in listed] == ["shop"]
    assert shop.call("GET", "/version", key=key).status_code == 403
    added = shop.call("POST", "/indexes/shop/documents", key=key, json=[{"id": 7}])
    assert added.status_code == 202


def test_prefix_pattern_key(shop: Api) -> None:
    shop.wait(shop.call("POST", "/indexes", json={"uid": "shop_fr", "primaryKey": "id"}))
    key = shop.new_key(actions=["search"], indexes=["shop*"])["key"]
    assert shop.call("POST", "/indexes/shop/search", key=key, json={}).status_code == 200
    assert shop.call("POST", "/indexes/shop_fr/search", key=key, json={}).status_code == 200
    assert shop.call("POST", "/indexes/sho/search", key=key, json={}).status_code == 403


def test_expiring_key_works_until_it_expires(shop: Api) -> None:
    created = shop.new_key(actions=["search"], indexes=["*"], expiresAt="2099-01-01")
    assert created["expiresAt"] == "2099-01-01T00:00:00Z"
    assert shop.call("POST", "/indexes/shop/search", key=created["key"], json={}).status_code == 200
    # Keys cannot be created already expired, so age one in the store.
    with shop.engine.store.transaction() as conn:
        conn.execute(
            keys_table.update()
            .where(keys_table.c.uid == created["uid"])
            .values(expires_at=keys_table.c.created_at)
        )
    expired = shop.call("POST", "/indexes/shop/search", key=created["key"], json={})
    assert expired.status_code == 403 and expired.json()["code"] == "invalid_api_key"


def test_tenant_token_filter_is_anded_with_the_query_filter(shop: Api) -> None:
    parent = shop.new_key(actions=["search"], indexes=["shop"], uid=NIL)
    token = jwt.encode(
        {"searchRules": {"shop": {"filter": "tenant = acme"}}, "apiKeyUid": NIL},
        parent["key"],
        algorithm="HS256",
    )
    assert ids(shop.call("POST", "/indexes/shop/search", key=token, json={})) == [1, 2]
    red = shop.call("POST", "/indexes/shop/search", key=token, json={"filter": "color = red"})
    assert ids(red) == [1]
    assert ids(shop.call("GET", "/indexes/shop/search?q=red", key=token)) == [1]
    docs = shop.call("GET", "/indexes/shop/documents", key=token)
    assert docs.status_code == 403  # a tenant token only searches


def test_key_routes_need_a_master_key(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    engine = Engine(settings)
    try:
        with TestClient(create_app(engine, run_worker=False)) as client:
            response = client.get("/keys")
            assert response.status_code == 401
            assert response.json()["code"] == "missing_master_key"
            assert client.get("/indexes").status_code == 200
    finally:
        engine.close()


# -- key CRUD -------------------------------------------------------------------------------------


def test_key_crud(api: Api) -> None:
    created = api.call(
        "POST",
        "/keys",
        json={
            "uid": NIL,
            "name": "Indexing",
            "description": None,
            "actions": ["documents.add"],
            "indexes": ["products"],
            "expiresAt": "2050-11-13T00:00:00Z",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert list(body) == [
        "name",
        "description",
        "key",
        "uid",
        "actions",
        "indexes",
        "expiresAt",
        "createdAt",
        "updatedAt",
    ]
    assert body["key"] == derive_key(MASTER, NIL)
    assert (body["uid"], body["expiresAt"]) == (NIL, "2050-11-13T00:00:00Z")

    assert api.call("GET", f"/keys/{NIL}").json() == body
    assert api.call("GET", f"/keys/{body['key']}").json() == body

    listing = api.call("GET", "/keys?offset=0&limit=1").json()
    assert (listing["offset"], listing["limit"], listing["total"]) == (0, 1, 3)
    assert listing["results"] == [body]  # newest first
    assert len(api.call("GET", "/keys?offset=1").json()["results"]) == 2

    patched = api.call("PATCH", f"/keys/{body['key']}", json={"name": None, "description": "d"})
    assert patched.status_code == 200
    assert (patched.json()["name"], patched.json()["description"]) == (None, "d")
    assert patched.json()["updatedAt"] >= body["updatedAt"]

    assert api.call("DELETE", f"/keys/{NIL}").status_code == 204
    missing = api.call("GET", f"/keys/{NIL}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "api_key_not_found"
    assert missing.json()["message"] == f"API key `{NIL}` not found."
    assert api.call("DELETE", f"/keys/{NIL}").status_code == 404
    assert api.call("PATCH", "/keys/nope", json={"name": "x"}).status_code == 404


def test_duplicate_uid_409(api: Api) -> None:
    api.new_key(uid=NIL, actions=["search"], indexes=["*"])
    again = api.call(
        "POST", "/keys", json={"uid": NIL, "actions": ["*"], "indexes": ["*"], "expiresAt": None}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "api_key_already_exists"
    assert again.json()["message"] == f"`uid` field value `{NIL}` is already an existing API key."


# -- validation -----------------------------------------------------------------------------------

VALID = {"actions": ["search"], "indexes": ["*"], "expiresAt": None}


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (
            {"description": ["doggo"]},
            "invalid_api_key_description",
            "Invalid value type at `.description`: expected a string, but found an array: "
            '`["doggo"]`',
        ),
        (
            {"name": {"a": 1}, **VALID},
            "invalid_api_key_name",
            'Invalid value type at `.name`: expected a string, but found an object: `{"a":1}`',
        ),
        (
            {"uid": "doggo", **VALID},
            "invalid_api_key_uid",
            "Invalid value at `.uid`: invalid character: found `o` at 1",
        ),
        (
            {"uid": 3, **VALID},
            "invalid_api_key_uid",
            "Invalid value type at `.uid`: expected a string, but found a positive integer: `3`",
        ),
        (
            {"actions": "doggo"},
            "invalid_api_key_actions",
            'Invalid value type at `.actions`: expected an array, but found a string: `"doggo"`',
        ),
        ({"indexes": "doggo"}, "invalid_api_key_indexes", None),
        (
            {"actions": ["search"], "indexes": ["good doggo"], "expiresAt": None},
            "invalid_api_key_indexes",
            "Invalid value at `.indexes[0]`: `good doggo` is not a valid index uid pattern. Index "
            "uid patterns can be an integer or a string containing only alphanumeric characters, "
            "hyphens (-), underscores (_), and optionally end with a star (*).",
        ),
        (
            {"actions": ["search"], "indexes": ["*"], "expiresAt": "2010-11-13T00:00:00Z"},
            "invalid_api_key_expires_at",
            "Invalid value at `.expiresAt`: `2010-11-13T00:00:00Z` is in the past. A key's "
            "expiration date must be in the future (or null for a key that never expires).",
        ),
        (
            {"actions": ["search"], "indexes": ["*"], "expiresAt": "2999-11-13\n"},
            "invalid_api_key_expires_at",
            None,
        ),
        (
            {"actions": ["search"], "indexes": ["*"], "expiresAt": "next tuesday"},
            "invalid_api_key_expires_at",
            None,
        ),
        (
            {"actions": ["search"], "indexes": ["*"], "expiresAt": 5},
            "invalid_api_key_expires_at",
            None,
        ),
        (
            {"indexes": ["doggo"], "expiresAt": None},
            "missing_api_key_actions",
            "Missing field `actions`",
        ),
        (
            {"actions": ["*"], "expiresAt": None},
            "missing_api_key_indexes",
            "Missing field `indexes`",
        ),
        (
            {"actions": ["*"], "indexes": ["doggo"]},
            "missing_api_key_expires_at",
            "Missing field `expiresAt`",
        ),
        (
            {"expires_at": "x"},
            "bad_request",
            "Unknown field `expires_at`: did you mean `expiresAt`? expected one of `description`, "
            "`name`, `uid`, `actions`, `indexes`, `expiresAt`",
        ),
        (
            {**VALID, "doggo": "bork"},
            "bad_request",
            "Unknown field `doggo`: expected one of `description`, `name`, `uid`, `actions`, "
            "`indexes`, `expiresAt`",
        ),
        (
            {"actions": ["version"], "indexes": ["products"], "expiresAt": None},
            "index_scoped_api_key_with_global_action",
            'cannot create index-scoped API key with global action `"version"`\n  - Hint: remove '
            'action `"version"` from the action list, or remove `indexes` to make the key global',
        ),
    ],
)
def test_create_validation(api: Api, body: dict[str, Any], code: str, message: str | None) -> None:
    response = api.call("POST", "/keys", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == code
    if message is not None:
        assert response.json()["message"] == message


def test_unknown_action_lists_every_action(api: Api) -> None:
    response = api.call("POST", "/keys", json={**VALID, "actions": ["search", "doc.add"]})
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith(
        "Unknown value `doc.add` at `.actions[1]`: expected one of `*`, `search`, `documents.*`"
    )
    assert message.endswith("`dynamicSearchRules.delete`, `dynamicSearchRules.*`")
    keys_star = api.call("POST", "/keys", json={**VALID, "actions": ["keys.*"]})
    assert keys_star.json()["code"] == "invalid_api_key_actions"


def test_accepted_expiry_formats(api: Api) -> None:
    for raw, shown in [
        ("2050-11-13", "2050-11-13T00:00:00Z"),
        ("2050-11-13 10:00:00", "2050-11-13T10:00:00Z"),
        ("2050-11-13T10:00:00", "2050-11-13T10:00:00Z"),
        ("2050-11-13T12:00:00+02:00", "2050-11-13T10:00:00Z"),
    ]:
        assert api.new_key(actions=["search"], indexes=["*"], expiresAt=raw)["expiresAt"] == shown


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (
            {"uid": NIL},
            "immutable_api_key_uid",
            "Immutable field `uid`: expected one of `description`, `name`",
        ),
        ({"actions": ["*"]}, "immutable_api_key_actions", None),
        ({"indexes": ["*"]}, "immutable_api_key_indexes", None),
        ({"expiresAt": None}, "immutable_api_key_expires_at", None),
        ({"createdAt": "x"}, "immutable_api_key_created_at", None),
        ({"updatedAt": "x"}, "immutable_api_key_updated_at", None),
        ({"name": ["doggo"]}, "invalid_api_key_name", None),
        ({"description": 1}, "invalid_api_key_description", None),
        (
            {"doggo": 1},
            "bad_request",
            "Unknown field `doggo`: expected one of `description`, `name`",
        ),
    ],
)
def test_patch_validation(api: Api, body: dict[str, Any], code: str, message: str | None) -> None:
    api.new_key(uid=NIL, actions=["search"], indexes=["*"])
    response = api.call("PATCH", f"/keys/{NIL}", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == code
    if message is not None:
        assert response.json()["message"] == message


def test_list_parameters(api: Api) -> None:
    bad = api.call("GET", "/keys?offset=doggo")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_api_key_offset"
    assert bad.json()["message"] == (
        "Invalid value in parameter `offset`: could not parse `doggo` as a positive integer"
    )
    assert api.call("GET", "/keys?limit=-1").json()["code"] == "invalid_api_key_limit"
    unknown = api.call("GET", "/keys?doggo=1")
    assert (
        unknown.json()["message"] == "Unknown parameter `doggo`: expected one of `offset`, `limit`"
    )
