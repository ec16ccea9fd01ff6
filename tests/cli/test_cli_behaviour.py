"""The behaviour commands end to end: events ingest, demo events, recommend, analytics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from souk.cli import app
from tests.support.behaviour import PRODUCTS, shop_events

runner = CliRunner()


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOUK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOUK_WRITER_HEAP_MB", "32")
    return tmp_path


def run(*args: str, code: int = 0) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


@pytest.fixture
def shop(data_env: Path) -> Path:
    catalog = data_env / "products.json"
    catalog.write_bytes(orjson.dumps(PRODUCTS))
    run("index", "create", "shop", "--primary-key", "id", "--json")
    run("settings", "set", "--index", "shop", '{"filterableAttributes": ["category", "price"]}')
    run("ingest", str(catalog), "--index", "shop", "--json")
    return data_env


def test_ingest_train_recommend_and_analytics(shop: Path) -> None:
    events = shop / "events.ndjson"
    events.write_bytes(b"\n".join(orjson.dumps(e.to_dict()) for e in shop_events()) + b"\n")
    stored = run("events", "ingest", str(events), "--index", "shop", "--json")
    assert stored["stored"] == stored["received"] > 1000 and stored["unknownProductIds"] == []
    trained = run("recommend", "train", "--index", "shop", "--json")
    assert trained["status"] == "succeeded" and trained["details"]["items"] == 40
    similar = run("recommend", "similar", "4", "--index", "shop", "--limit", "3", "--json")
    assert len(similar["hits"]) == 3 and similar["hits"][0]["_reason"]["text"]
    filtered = run(
        "recommend", "for-user", "u3", "--index", "shop", "--filter", "price < 20", "--json"
    )
    assert filtered["hits"] and all(h["price"] < 20 for h in filtered["hits"])
    for kind, key in (("bought-together", "4"), ("for-session", "u3-s1")):
        assert "Recommendations" not in run("recommend", kind, key, "--index", "shop")
    report = run("analytics", "--index", "shop", "--json")
    assert report["events"]["view"] > 0 and report["topProducts"]
    assert "top products" in run("analytics", "--index", "shop")


def test_a_bad_line_names_its_place_and_stores_nothing(shop: Path) -> None:
    events = shop / "bad.ndjson"
    good = {"type": "view", "sessionId": "s", "productId": "1", "timestamp": 1}
    events.write_text(
        json.dumps(good) + "\n" + json.dumps({**good, "type": "like"}) + "\n", encoding="utf-8"
    )
    error = run("events", "ingest", str(events), "--index", "shop", "--json", code=1)["error"]
    assert error["code"] == "invalid_event"
    assert "bad.ndjson:2" in error["message"] and "`type` is 'like'" in error["message"]
    assert run("analytics", "--index", "shop", "--json")["events"] == {}


def test_demo_events_store_behaviour_and_train(shop: Path) -> None:
    summary = run("demo", "events", "--index", "shop", "--shoppers", "50", "--json")
    assert summary["stored"] > 100
    assert summary["training"]["status"] == "succeeded"
    assert run("recommend", "similar", "4", "--index", "shop", "--json")["hits"]
    again = run("demo", "events", "--index", "shop", "--json")  # `make demo` twice adds nothing
    assert again == {"skipped": True, "events": summary["stored"]}


def test_recommending_before_training_explains_itself(shop: Path) -> None:
    error = run("recommend", "similar", "4", "--index", "shop", "--json", code=1)["error"]
    assert error["code"] == "recommendations_not_trained"
