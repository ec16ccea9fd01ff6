"""``/webhooks`` routes with a master key: secrets hidden on every read, as in Meilisearch, while
delivery still sends them; the app's lifespan starts and stops delivery."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.engine import Engine
from tests.conftest import make_settings
from tests.support.webhook_receiver import receiver

MASTER = "masterKey"
SECRET = "Bearer a-secret-token-defined-in-test-cli"
SHOWN = "Bearer a-secXXXXXX..."


class Api:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    def call(self, method: str, path: str, key: str = MASTER, **kwargs: Any) -> Any:
        return self.client.request(
            method, path, headers={"Authorization": f"Bearer {key}"}, **kwargs
        )

    def key_for(self, *actions: str) -> str:
        body = {"actions": list(actions), "indexes": ["*"], "expiresAt": None}
        response = self.call("POST", "/keys", json=body)
        assert response.status_code == 201, response.text
        key: str = response.json()["key"]
        return key


def _app(tmp_path: Path, *, run_worker: bool) -> tuple[Engine, Any]:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    engine = Engine(settings)
    return engine, create_app(engine, master_key=MASTER, run_worker=run_worker)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    engine, app = _app(tmp_path, run_worker=False)
    with TestClient(app) as client:
        yield Api(client)
    engine.close()


def _create(api: Api, url: str = "http://localhost:6666/hook") -> dict[str, Any]:
    body = {"url": url, "headers": {"Authorization": SECRET, "X-Shop": "acme"}}
    created = api.call("POST", "/webhooks", json=body)
    assert created.status_code == 201, created.text
    hook: dict[str, Any] = created.json()
    return hook


def test_create_answers_with_the_secret_hidden(api: Api) -> None:
    hook = _create(api)
    assert hook["headers"] == {"Authorization": SHOWN, "X-Shop": "acme"}
    assert hook["isEditable"] is True


@pytest.mark.parametrize("actions", [("webhooks.get",), ("*",)])
def test_reads_hide_the_secret_from_every_key(api: Api, actions: tuple[str, ...]) -> None:
    uuid = _create(api)["uuid"]
    for key in (api.key_for(*actions), MASTER):
        listed = api.call("GET", "/webhooks", key=key)
        assert listed.status_code == 200, listed.text
        assert listed.json()["results"][0]["headers"]["Authorization"] == SHOWN
        one = api.call("GET", f"/webhooks/{uuid}", key=key).json()
        assert one["headers"] == {"Authorization": SHOWN, "X-Shop": "acme"}
        assert SECRET not in listed.text and "secret-token" not in one["headers"]["Authorization"]


def test_patch_answers_hidden_and_keeps_a_secret_it_does_not_name(api: Api) -> None:
    uuid = _create(api)["uuid"]
    patched = api.call("PATCH", f"/webhooks/{uuid}", json={"headers": {"X-Shop": "borealis"}})
    assert patched.status_code == 200, patched.text
    assert patched.json()["headers"] == {"Authorization": SHOWN, "X-Shop": "borealis"}
    stored = api.client.app.state.webhooks.get(uuid)  # type: ignore[attr-defined]
    assert stored.headers["Authorization"] == SECRET


def test_patch_with_the_hidden_value_stores_it_as_sent_as_meilisearch_does(api: Api) -> None:
    """Meilisearch's PATCH sets every header it is given; a client that sends back what it
    read replaces the secret (routes/webhooks.rs, ``patch_webhook_inner``)."""
    uuid = _create(api)["uuid"]
    api.call("PATCH", f"/webhooks/{uuid}", json={"headers": {"Authorization": SHOWN}})
    stored = api.client.app.state.webhooks.get(uuid)  # type: ignore[attr-defined]
    assert stored.headers["Authorization"] == SHOWN
    removed = api.call("PATCH", f"/webhooks/{uuid}", json={"headers": {"Authorization": None}})
    assert removed.json()["headers"] == {"X-Shop": "acme"}


def test_delivery_sends_the_real_secret_and_stops_with_the_app(tmp_path: Path) -> None:
    engine, app = _app(tmp_path, run_worker=True)
    with receiver() as (url, got), TestClient(app) as client:
        api = Api(client)
        lane = f"souk-webhook-{_create(api, url)['uuid'][:8]}"
        created = api.call("POST", "/indexes", json={"uid": "shop"})
        assert created.status_code == 202, created.text
        assert got.wait_for(created.json()["taskUid"])
        assert got.headers[0]["Authorization"] == SECRET
        assert got.headers[0]["Content-Encoding"] == "gzip"
        assert lane in {t.name for t in threading.enumerate()}
    engine.close()
    assert lane not in {t.name for t in threading.enumerate()}
    assert app.state.notifier.dispatcher.lanes() == {}
