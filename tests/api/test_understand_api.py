"""`understand` over HTTP and in the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from souk.api.app import create_app
from souk.cli import app as cli
from souk.engine import Engine
from tests.conftest import make_settings

PRODUCTS = [
    {"id": 1, "title": "Red Maxi Dress", "color": "red", "type": "Dresses", "price": 45},
    {"id": 2, "title": "Red Midi Dress", "color": "red", "type": "Dresses", "price": 95},
    {"id": 3, "title": "Blue Wrap Dress", "color": "blue", "type": "Dresses", "price": 30},
    {"id": 4, "title": "Red Running Shoes", "color": "red", "type": "Running Shoes", "price": 60},
]
SETTINGS = {
    "embedders": {},
    "filterableAttributes": ["color", "type", "price"],
    "sortableAttributes": ["price"],
}


def test_search_route_understands(tmp_path: Path) -> None:
    engine = Engine(make_settings(tmp_path))
    engine.wait_for_task(engine.create_index("shop", "id", SETTINGS).uid)
    engine.wait_for_task(engine.add_documents("shop", PRODUCTS).uid)
    with TestClient(create_app(engine, run_worker=False)) as client:
        body = client.post(
            "/indexes/shop/search", json={"q": "red dress under 50", "understand": True}
        ).json()
        assert [h["id"] for h in body["hits"]] == [1]
        assert body["understanding"]["query"] == "dress"
        chinese = client.post(
            "/indexes/shop/search", json={"q": "红色连衣裙 100元以下", "understand": True}
        ).json()
        assert sorted(h["id"] for h in chinese["hits"]) == [1, 2]
        bad = client.post("/indexes/shop/search", json={"q": "x", "understand": 3})
        assert bad.status_code == 400 and bad.json()["code"] == "invalid_search_understand"
        get = client.get("/indexes/shop/search", params={"q": "red dress", "understand": "true"})
        assert {h["id"] for h in get.json()["hits"]} == {1, 2}
    engine.close()


def test_cli_understand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOUK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOUK_WRITER_HEAP_MB", "32")
    with Engine() as engine:
        engine.wait_for_task(engine.create_index("shop", "id", SETTINGS).uid)
        engine.wait_for_task(engine.add_documents("shop", PRODUCTS).uid)
    runner = CliRunner()
    out = runner.invoke(
        cli, ["search", "cheapest red", "--index", "shop", "--understand", "--json"]
    )
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)
    assert [h["id"] for h in result["hits"]] == [1, 4, 2]
    text = runner.invoke(cli, ["search", "cheapest red", "--index", "shop", "--understand"])
    assert "understood" in text.stdout and "price:asc" in text.stdout
