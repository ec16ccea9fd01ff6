"""What the web pages use: config (with a browser-only key), one product, figures, the pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.engine import Engine
from tests.support.assistant_shop import open_shop

MASTER = "MASTER_KEY_FOR_STOREFRONT_TESTS"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = open_shop(tmp_path / "data")
    yield eng
    eng.close()


def test_config_without_a_master_key(engine: Engine) -> None:
    with TestClient(create_app(engine, run_worker=False)) as client:
        config = client.get("/storefront/config").json()
    assert (
        config["indexUid"] == "shop" and config["searchKey"] is None
    )  # "demo" absent: first index
    assert config["facets"] == ["category", "brand", "color"]
    assert config["priceFilterable"] and "price" in config["sortable"]


def test_config_hands_out_one_browser_key_that_can_search_and_chat_only(engine: Engine) -> None:
    engine.config.storefront_index = "shop"
    with TestClient(create_app(engine, master_key=MASTER, run_worker=False)) as client:
        first = client.get("/storefront/config").json()["searchKey"]
        assert first and client.get("/storefront/config").json()["searchKey"] == first
        browser = {"Authorization": f"Bearer {first}"}
        assert client.get("/indexes/shop/search?q=jacket", headers=browser).status_code == 200
        assert client.get("/storefront/products/shop/j1", headers=browser).json()["id"] == "j1"
        assert client.get("/storefront/products/shop/nope", headers=browser).status_code == 404
        assert (
            client.post("/indexes/shop/documents", json=[{"id": "x"}], headers=browser).status_code
            == 403
        )
        assert client.get("/keys", headers=browser).status_code == 403
        assert client.get("/storefront/products/shop/j1").status_code == 401


def test_figures_come_from_the_figures_dir(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUK_FIGURES_DIR", str(tmp_path))
    with TestClient(create_app(engine, run_worker=False)) as client:
        assert client.get("/storefront/figures").json() == {"bench": None, "relevance": None}
        (tmp_path / "relevance-latest.json").write_text(json.dumps({"ndcg@10": 0.45}))
        (tmp_path / "latest.json").write_text("{broken")
        assert client.get("/storefront/figures").json() == {
            "bench": None,
            "relevance": {"ndcg@10": 0.45},
        }


def test_pages_and_assets(engine: Engine) -> None:
    with TestClient(create_app(engine, run_worker=False)) as client:
        for path in ("/", "/sell", "/admin"):
            page = client.get(path)
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert client.get("/assets/..%2F..%2Fapp.py").status_code == 404
        assert client.get("/assets/missing.js").status_code == 404
