"""What the access tests share: an app with a master key, and a client that sends keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.assistant import Assistant
from souk.engine import Engine
from tests.conftest import make_settings

MASTER = "MASTER_KEY_FOR_ACCESS_TESTS"


class Api:
    """A TestClient that sends a key (the master key unless told), and waits for tasks."""

    def __init__(self, client: TestClient, engine: Engine) -> None:
        self.client = client
        self.engine = engine

    def call(self, method: str, path: str, key: str | None = MASTER, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        return self.client.request(method, path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, key: str | None = MASTER, **kwargs: Any) -> Any:
        response = self.call(method, path, key, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def wait(self, response: Any) -> dict[str, Any]:
        assert response.status_code == 202, response.text
        self.engine.wait_for_task(response.json()["taskUid"])
        task: dict[str, Any] = self.call("GET", f"/tasks/{response.json()['taskUid']}").json()
        assert task["status"] == "succeeded", task
        return task

    def new_key(self, actions: list[str], indexes: list[str], **extra: Any) -> dict[str, Any]:
        body = {"actions": actions, "indexes": indexes, "expiresAt": None, **extra}
        response = self.call("POST", "/keys", json=body)
        assert response.status_code == 201, response.text
        key: dict[str, Any] = response.json()
        return key


def make_app(tmp_path: Path) -> tuple[Engine, Any]:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    engine = Engine(settings)
    engine.behaviour._assistant = Assistant(engine.store, None)  # templates: deterministic
    return engine, create_app(engine, master_key=MASTER, run_worker=False)
