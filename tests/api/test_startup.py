"""The server at start-up: store checked, indexes opened and warmed in the background, and a
damaged store answered with a clear error rather than an unhandled 500."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.config import Settings
from souk.engine import Engine
from tests.conftest import make_settings
from tests.support.corrupt import corrupt_table

DOCS = [{"id": str(n), "title": f"red shoe {n} " + "lorem ipsum " * 20} for n in range(400)]


def installed(tmp_path: Path) -> Settings:
    config = make_settings(tmp_path)
    with Engine(config) as engine:
        for uid in ("shop", "books"):
            engine.wait_for_task(engine.add_documents(uid, DOCS, primary_key="id").uid)
    return config


def test_indexes_are_open_and_warm_without_a_request(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = installed(tmp_path)
    with Engine(config) as engine:
        assert not engine.runtimes.is_open("shop")
        app = create_app(engine, run_worker=False)
        with caplog.at_level(logging.INFO, logger="souk.api.startup"), TestClient(app):
            assert app.state.startup.warmed.wait(30)
            assert engine.runtimes.is_open("shop") and engine.runtimes.is_open("books")
        assert "store " in caplog.text and "quick_check ok" in caplog.text
        assert "warm start: 2 indexes ready" in caplog.text


def test_warm_start_can_be_turned_off(tmp_path: Path) -> None:
    config = installed(tmp_path).model_copy(update={"warm_start": False})
    with Engine(config) as engine:
        app = create_app(engine, run_worker=False)
        with TestClient(app) as client:
            assert app.state.startup.warmed.wait(30)
            assert not engine.runtimes.is_open("shop")
            assert client.post("/indexes/shop/search", json={"q": "shoe"}).status_code == 200
            assert engine.runtimes.is_open("shop")


def test_a_damaged_page_is_a_clear_error_and_the_server_stays_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = installed(tmp_path)
    db = (config.data_dir / "souk.db").resolve()
    corrupt_table(db, "souk_documents")
    with Engine(config) as engine:
        app = create_app(engine, run_worker=False)
        with caplog.at_level(logging.INFO), TestClient(app) as client:
            assert app.state.startup.warmed.wait(30)
            for path in ("/indexes/shop/documents", "/stats", "/indexes/shop/stats"):
                response = client.get(path)
                assert response.status_code == 500, (path, response.text)
                body = response.json()
                assert set(body) == {"message", "code", "type", "link"}
                assert body["code"] == "store_corrupt" and body["type"] == "system"
                assert str(db) in body["message"] and "souk doctor" in body["message"]
                assert "database disk image is malformed" in body["message"]
            assert client.get("/health").json() == {"status": "available"}
            assert client.get("/indexes/shop").status_code == 200  # other tables still read
    assert f"the store {db} is damaged" in caplog.text  # the start-up check
    assert "run `souk doctor`" in caplog.text
