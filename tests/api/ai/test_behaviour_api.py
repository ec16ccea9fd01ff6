"""Events, recommendations and analytics over HTTP (in-process app, worker run on demand)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.engine import Engine
from tests.conftest import make_settings
from tests.support.behaviour import CATEGORY_OF, PARTNER, PRODUCTS, shop_events

MASTER = "MASTER_KEY_FOR_BEHAVIOUR_TESTS"


class Shop:
    def __init__(self, client: TestClient, engine: Engine) -> None:
        self.client = client
        self.engine = engine
        self.headers = {"Authorization": f"Bearer {MASTER}"}

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        kwargs.setdefault("headers", self.headers)
        return self.client.request(method, path, **kwargs)

    def task(self, response: Any) -> dict[str, Any]:
        assert response.status_code == 202, response.text
        self.engine.wait_for_task(response.json()["taskUid"])
        return self.call("GET", f"/tasks/{response.json()['taskUid']}").json()  # type: ignore[no-any-return]

    def key(self, actions: list[str]) -> str:
        body = {"actions": actions, "indexes": ["shop"], "expiresAt": None}
        return str(self.call("POST", "/keys", json=body).json()["key"])


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    engine = Engine(make_settings(tmp_path))
    app = create_app(engine, master_key=MASTER, run_worker=False)
    with TestClient(app) as client:
        shop = Shop(client, engine)
        shop.task(shop.call("POST", "/indexes", json={"uid": "shop", "primaryKey": "id"}))
        settings = {"filterableAttributes": ["category", "price"]}
        shop.task(shop.call("PATCH", "/indexes/shop/settings", json=settings))
        shop.task(shop.call("POST", "/indexes/shop/documents", json=PRODUCTS))
        yield shop
    engine.close()


@pytest.fixture
def trained(shop: Shop) -> Shop:
    events = [e.to_dict() for e in shop_events()]
    for start in range(0, len(events), 2000):
        stored = shop.call("POST", "/indexes/shop/events", json=events[start : start + 2000])
        assert stored.status_code == 201, stored.text
    done = shop.task(shop.call("POST", "/indexes/shop/recommendations/train"))
    assert done["status"] == "succeeded", done
    assert done["type"] == "recommendationsTraining"
    assert done["details"]["events"] == len(events) and done["details"]["items"] == 40
    return shop


# -- events ----------------------------------------------------------------------------------
def test_events_are_stored_and_unknown_products_flagged(shop: Shop) -> None:
    now = time.time()
    response = shop.call(
        "POST",
        "/indexes/shop/events",
        json=[
            {"type": "view", "sessionId": "s", "productId": "1", "timestamp": now},
            {"type": "view", "sessionId": "s", "productId": "ghost", "timestamp": now},
            {"type": "search", "sessionId": "s", "query": "hats", "timestamp": now},
        ],
    )
    assert response.status_code == 201
    assert response.json() == {
        "indexUid": "shop",
        "received": 3,
        "stored": 3,
        "unknownProductIds": ["ghost"],
    }
    assert shop.engine.behaviour.events.count("shop") == {"view": 2, "search": 1}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([{"type": "buy", "sessionId": "s", "productId": "1", "timestamp": 1}], "`type` is 'buy'"),
        ([{"type": "view", "productId": "1", "timestamp": 1}], "`sessionId` is required"),
        ({"events": []}, "unknown field `events`"),
        ("nope", "must be a JSON array"),
    ],
)
def test_bad_events_are_refused_and_nothing_is_stored(shop: Shop, body: Any, message: str) -> None:
    good = {"type": "view", "sessionId": "s", "productId": "1", "timestamp": 1}
    payload = [good, *body] if isinstance(body, list) else body
    response = shop.call("POST", "/indexes/shop/events", json=payload)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_event"
    assert message in response.json()["message"]
    assert shop.engine.behaviour.events.count("shop") == {}


def test_malformed_json_and_missing_index(shop: Shop) -> None:
    raw = shop.call(
        "POST",
        "/indexes/shop/events",
        content=b"[{",
        headers={**shop.headers, "content-type": "application/json"},
    )
    assert raw.status_code == 400 and raw.json()["code"] == "invalid_event"
    ghost = shop.call("POST", "/indexes/ghost/events", json=[])
    assert ghost.status_code == 404 and ghost.json()["code"] == "index_not_found"


def test_search_keys_send_events_but_cannot_read_analytics(shop: Shop) -> None:
    search_key = {"Authorization": f"Bearer {shop.key(['search'])}"}
    event = [{"type": "view", "sessionId": "s", "productId": "1", "timestamp": 1}]
    assert (
        shop.call("POST", "/indexes/shop/events", json=event, headers=search_key).status_code == 201
    )
    assert shop.call("GET", "/indexes/shop/analytics", headers=search_key).status_code == 403
    assert (
        shop.call("POST", "/indexes/shop/recommendations/train", headers=search_key).status_code
        == 403
    )
    assert shop.call("POST", "/indexes/shop/events", json=event, headers={}).status_code == 401


def test_search_responses_carry_a_query_uid(shop: Shop) -> None:
    first = shop.call("POST", "/indexes/shop/search", json={"q": "hats"}).json()
    second = shop.call("GET", "/indexes/shop/search?q=hats").json()
    assert len(first["queryUid"]) == 32 and first["queryUid"] != second["queryUid"]


# -- recommendations -------------------------------------------------------------------------
def test_before_training_the_routes_say_how_to_train(shop: Shop) -> None:
    response = shop.call("GET", "/indexes/shop/recommendations/similar/4")
    assert response.status_code == 404
    assert response.json()["code"] == "recommendations_not_trained"
    assert "souk recommend train --index shop" in response.json()["message"]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("similar/4", "productId"),
        ("bought-together/4", "productId"),
        ("for-user/u3", "userId"),
        ("for-session/u3-s1", "sessionId"),
    ],
)
def test_each_route_returns_search_shaped_hits_with_a_reason(
    trained: Shop, path: str, key: str
) -> None:
    response = trained.call("GET", f"/indexes/shop/recommendations/{path}?limit=5")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body[key] == path.split("/")[1] and body["limit"] == 5
    assert 1 <= len(body["hits"]) <= 5
    for hit in body["hits"]:
        assert {"id", "title", "category", "price"} <= set(hit)
        assert hit["_reason"]["text"] and hit["_reason"]["model"]
        assert hit["_recommendationScore"] > 0
    scores = [h["_recommendationScore"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_bought_together_names_the_complement(trained: Shop) -> None:
    body = trained.call("GET", "/indexes/shop/recommendations/bought-together/4?limit=3").json()
    assert PARTNER["4"] in [str(h["id"]) for h in body["hits"]]
    assert body["hits"][0]["_reason"]["text"] == "Frequently bought together"


def test_filters_use_the_search_grammar(trained: Shop) -> None:
    for flt in ("price > 30", "category = bags AND price < 40", '["category = hats"]'):
        body = trained.call(
            "GET", "/indexes/shop/recommendations/similar/4", params={"filter": flt, "limit": 20}
        ).json()
        assert body["hits"], flt
        for hit in body["hits"]:
            if "price > 30" in flt:
                assert hit["price"] > 30
            if "bags" in flt:
                assert hit["category"] == "bags" and hit["price"] < 40
            if "hats" in flt:
                assert hit["category"] == "hats"


def test_attributes_to_retrieve(trained: Shop) -> None:
    body = trained.call(
        "GET", "/indexes/shop/recommendations/similar/4?attributesToRetrieve=id,price"
    ).json()
    assert set(body["hits"][0]) == {"id", "price", "_reason", "_recommendationScore"}


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("similar/999", 404, "document_not_found"),
        ("similar/4?limit=-1", 400, "invalid_recommendation_limit"),
        ("similar/4?limit=ten", 400, "invalid_recommendation_limit"),
        ("similar/4?filter=price%20%3E", 400, "invalid_search_filter"),
        ("similar/4?sort=price", 400, "bad_request"),
        ("nearby/4", 404, "not_found"),
    ],
)
def test_bad_requests(trained: Shop, path: str, status: int, code: str) -> None:
    response = trained.call("GET", f"/indexes/shop/recommendations/{path}")
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


def test_a_new_session_gets_recommendations_without_retraining(trained: Shop) -> None:
    shoes = [p for p in PRODUCTS if p["category"] == "shoes"][:2]
    events = [
        {"type": "view", "sessionId": "fresh", "productId": str(p["id"]), "timestamp": n}
        for n, p in enumerate(shoes)
    ]
    assert trained.call("POST", "/indexes/shop/events", json=events).status_code == 201
    body = trained.call("GET", "/indexes/shop/recommendations/for-session/fresh?limit=5").json()
    assert body["hits"]
    assert all(str(h["id"]) not in {str(p["id"]) for p in shoes} for h in body["hits"])
    assert sum(CATEGORY_OF[str(h["id"])] == "shoes" for h in body["hits"]) >= 3


def test_an_unknown_user_gets_popular_products(trained: Shop) -> None:
    body = trained.call("GET", "/indexes/shop/recommendations/for-user/stranger?limit=3").json()
    assert len(body["hits"]) == 3
    assert {h["_reason"]["model"] for h in body["hits"]} == {"popularity"}


# -- analytics ------------------------------------------------------------------------------
def test_analytics_counts_searches_clicks_and_conversions(shop: Shop) -> None:
    hats = shop.call("POST", "/indexes/shop/search", json={"q": "hats"}).json()
    shop.call("POST", "/indexes/shop/search", json={"q": "Hats "})
    shop.call("POST", "/indexes/shop/search", json={"q": "unicorn saddle"})
    facet_counts = {
        "queries": [{"indexUid": "shop", "q": "hats", "limit": 0, "facets": ["category"]}]
    }
    assert shop.call("POST", "/multi-search", json=facet_counts).status_code == 200  # not a search
    now = time.time()
    shop.call(
        "POST",
        "/indexes/shop/events",
        json=[
            {
                "type": "click",
                "sessionId": "s",
                "productId": "3",
                "queryUid": hats["queryUid"],
                "position": 0,
                "timestamp": now,
            },
            {
                "type": "purchase",
                "sessionId": "s",
                "productId": "3",
                "queryUid": hats["queryUid"],
                "timestamp": now,
            },
        ],
    )
    report = shop.call("GET", "/indexes/shop/analytics").json()
    assert report["searches"] == 3
    top = report["topQueries"][0]
    assert top["query"].lower() == "hats" and top["searches"] == 2
    assert top["clickThroughRate"] == 0.5 and top["conversionRate"] == 0.5
    assert report["zeroResultQueries"] == [
        {"query": "unicorn saddle", "searches": 1, "zeroResultSearches": 1}
    ]
    assert report["clickThroughRate"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["events"] == {"click": 1, "purchase": 1}
    assert report["topProducts"][0]["productId"] == "3"
    later = shop.call("GET", "/indexes/shop/analytics", params={"since": "2100-01-01T00:00:00Z"})
    assert later.json()["searches"] == 0
    bad = shop.call("GET", "/indexes/shop/analytics", params={"since": "last week"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_analytics_since"


def test_incremental_training_adds_new_events(trained: Shop) -> None:
    """New co-purchases count after `?incremental=true`, without a full training."""
    now = time.time()
    pairs = [
        {"type": "purchase", "sessionId": f"new-{n}", "productId": product, "timestamp": now + n}
        for n in range(40)
        for product in ("1", "38")
    ]
    assert trained.call("POST", "/indexes/shop/events", json=pairs).status_code == 201
    done = trained.task(
        trained.call("POST", "/indexes/shop/recommendations/train?incremental=true")
    )
    assert done["status"] == "succeeded" and done["details"]["mode"] == "incremental"
    body = trained.call("GET", "/indexes/shop/recommendations/bought-together/1?limit=3").json()
    assert "38" in [str(h["id"]) for h in body["hits"]]
    # a product outside the saved model's item space sends it back to a full training
    shop_products = [{"id": 99, "title": "new hat", "category": "hats", "price": 5}]
    trained.task(trained.call("POST", "/indexes/shop/documents", json=shop_products))
    again = trained.task(
        trained.call("POST", "/indexes/shop/recommendations/train?incremental=true")
    )
    assert again["details"]["mode"] == "full" and again["details"]["items"] == 41
