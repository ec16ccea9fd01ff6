"""The HTTP API in-process (FastAPI TestClient, worker run on demand): shapes and errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from souk.api.app import create_app
from souk.engine import Engine
from tests.conftest import make_settings

PRODUCTS = [
    {"id": 1, "title": "Red running shoes", "brand": "Acme", "color": "red", "price": 60},
    {"id": 2, "title": "Blue running shoes", "brand": "Acme", "color": "blue", "price": 90},
    {"id": 3, "title": "Red dress", "brand": "Borealis", "color": "red", "price": 45},
    {"id": 4, "title": "Wool scarf", "brand": "Borealis", "color": "grey", "price": 20},
]


class Api:
    """A TestClient plus "wait for the task" that runs the worker in this thread."""

    def __init__(self, client: TestClient, engine: Engine) -> None:
        self.client = client
        self.engine = engine

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.request(method, path, **kwargs)

    def task(self, response: Any) -> dict[str, Any]:
        assert response.status_code == 202, response.text
        uid = response.json()["taskUid"]
        self.engine.wait_for_task(uid)
        return self.client.get(f"/tasks/{uid}").json()  # type: ignore[no-any-return]


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    settings = make_settings(tmp_path)
    settings.default_embedder = "none"
    engine = Engine(settings)
    app = create_app(engine, run_worker=False, max_body_bytes=1_000_000)
    with TestClient(app) as client:
        yield Api(client, engine)
    engine.close()


@pytest.fixture
def shop(api: Api) -> Api:
    assert (
        api.task(api.call("POST", "/indexes", json={"uid": "shop", "primaryKey": "id"}))["status"]
        == "succeeded"
    )
    done = api.task(
        api.call(
            "PATCH",
            "/indexes/shop/settings",
            json={
                "filterableAttributes": ["brand", "color", "price"],
                "sortableAttributes": ["price"],
            },
        )
    )
    assert done["status"] == "succeeded", done
    assert (
        api.task(api.call("POST", "/indexes/shop/documents", json=PRODUCTS))["status"]
        == "succeeded"
    )
    return api


def test_health_version_and_not_found(api: Api) -> None:
    assert api.call("GET", "/health").json() == {"status": "available"}
    assert "pkgVersion" in api.call("GET", "/version").json()
    missing = api.call("GET", "/nope")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    index = api.call("GET", "/indexes/ghost")
    assert index.status_code == 404
    assert index.json() == {
        "message": "Index `ghost` not found.",
        "code": "index_not_found",
        "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#index_not_found",
    }


def test_payload_limit_and_bad_bodies(api: Api) -> None:
    big = api.call(
        "POST",
        "/indexes/x/documents",
        content=b"[" + b" " * 1_100_000 + b"]",
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413 and big.json()["code"] == "payload_too_large"
    bad = api.call(
        "POST",
        "/indexes/x/documents",
        content=b'[{"id": 1,}]',
        headers={"content-type": "application/json"},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "malformed_payload"
    kind = api.call(
        "POST", "/indexes/x/documents", content=b"id\n1", headers={"content-type": "text/plain"}
    )
    assert kind.status_code == 415 and kind.json()["code"] == "invalid_content_type"
    empty = api.call("POST", "/indexes", content=b"", headers={"content-type": "application/json"})
    assert empty.status_code == 400 and empty.json()["code"] == "missing_payload"
    no_uid = api.call("POST", "/indexes", json={"primaryKey": "id"})
    assert no_uid.json()["code"] == "missing_index_uid"


def test_ndjson_and_csv_bodies(api: Api) -> None:
    ndjson = b'{"id": 1, "title": "a"}\n{"id": 2, "title": "b"}\n'
    done = api.task(
        api.call(
            "POST",
            "/indexes/n/documents",
            content=ndjson,
            headers={"content-type": "application/x-ndjson"},
        )
    )
    assert done["status"] == "succeeded" and done["details"]["indexedDocuments"] == 2
    csv = b"sku;title;price:number\ns1;lamp;12.5\ns2;desk;80\n"
    done = api.task(
        api.call(
            "POST",
            "/indexes/c/documents?primaryKey=sku&csvDelimiter=%3B",
            content=csv,
            headers={"content-type": "text/csv"},
        )
    )
    assert done["status"] == "succeeded", done
    assert api.call("GET", "/indexes/c/documents/s1").json() == {
        "sku": "s1",
        "title": "lamp",
        "price": 12.5,
    }
    bad_id = api.task(api.call("POST", "/indexes/c/documents", json=[{"sku": "a b"}]))
    assert bad_id["status"] == "failed" and bad_id["error"]["code"] == "invalid_document_id"


def test_search_get_post_and_errors(shop: Api) -> None:
    post = shop.call(
        "POST",
        "/indexes/shop/search",
        json={
            "q": "red runing",
            "filter": ["price < 100"],
            "facets": ["color"],
            "attributesToHighlight": ["title"],
            "highlightPreTag": "[",
            "highlightPostTag": "]",
        },
    )
    body = post.json()
    assert [h["id"] for h in body["hits"]][:2] == [1, 3] or body["hits"][0]["id"] in (1, 3)
    assert body["facetDistribution"]["color"]["red"] == 2
    assert "[Red]" in body["hits"][0]["_formatted"]["title"]
    get = shop.call(
        "GET", "/indexes/shop/search", params={"q": "shoes", "sort": "price:desc", "limit": "1"}
    ).json()
    assert [h["id"] for h in get["hits"]] == [2]
    paged = shop.call("POST", "/indexes/shop/search", json={"hitsPerPage": 3, "page": 2}).json()
    assert paged["totalHits"] == 4 and paged["totalPages"] == 2 and len(paged["hits"]) == 1
    for body, code in [
        ({"filter": "price >"}, "invalid_search_filter"),
        ({"sort": ["title:asc"]}, "invalid_search_sort"),
        ({"limit": "x"}, "invalid_search_limit"),
        ({"unknown": 1}, "bad_request"),
    ]:
        response = shop.call("POST", "/indexes/shop/search", json=body)
        assert response.status_code == 400, body
        assert response.json()["code"] == code


def test_multi_search_and_federation(shop: Api) -> None:
    results = shop.call(
        "POST",
        "/multi-search",
        json={"queries": [{"indexUid": "shop", "q": "dress"}, {"indexUid": "shop", "q": "scarf"}]},
    ).json()
    assert [r["hits"][0]["id"] for r in results["results"]] == [3, 4]
    federated = shop.call(
        "POST",
        "/multi-search",
        json={
            "federation": {"limit": 5},
            "queries": [
                {"indexUid": "shop", "q": "dress"},
                {"indexUid": "shop", "q": "scarf", "federationOptions": {"weight": 2.0}},
            ],
        },
    ).json()
    assert federated["hits"][0]["id"] == 4
    assert federated["hits"][0]["_federation"]["queriesPosition"] == 1
    assert federated["estimatedTotalHits"] == 2


def test_facet_search(shop: Api) -> None:
    result = shop.call(
        "POST", "/indexes/shop/facet-search", json={"facetName": "brand", "facetQuery": "bor"}
    ).json()
    assert result["facetHits"] == [{"value": "Borealis", "count": 2}]
    narrowed = shop.call(
        "POST", "/indexes/shop/facet-search", json={"facetName": "color", "q": "shoes"}
    ).json()
    assert {h["value"] for h in narrowed["facetHits"]} == {"red", "blue"}
    bad = shop.call("POST", "/indexes/shop/facet-search", json={"facetName": "title"})
    assert bad.json()["code"] == "invalid_facet_search_facet_name"


def test_settings_sub_routes(shop: Api) -> None:
    assert shop.call("GET", "/indexes/shop/settings/sortable-attributes").json() == ["price"]
    shop.task(shop.call("PUT", "/indexes/shop/settings/stop-words", json=["the"]))
    assert shop.call("GET", "/indexes/shop/settings/stop-words").json() == ["the"]
    shop.task(
        shop.call(
            "PATCH",
            "/indexes/shop/settings/typo-tolerance",
            json={"minWordSizeForTypos": {"oneTypo": 4}},
        )
    )
    typo = shop.call("GET", "/indexes/shop/settings/typo-tolerance").json()
    assert typo["minWordSizeForTypos"] == {"oneTypo": 4, "twoTypos": 9}
    shop.task(shop.call("DELETE", "/indexes/shop/settings/stop-words"))
    assert shop.call("GET", "/indexes/shop/settings/stop-words").json() == []
    bad = shop.call("PUT", "/indexes/shop/settings/filterable-attributes", json="color")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_settings_filterable_attributes"


def test_documents_browse_and_delete(shop: Api) -> None:
    page = shop.call(
        "GET", "/indexes/shop/documents", params={"limit": 2, "offset": 1, "fields": "id,title"}
    ).json()
    assert page["total"] == 4 and [d["id"] for d in page["results"]] == [2, 3]
    assert set(page["results"][0]) == {"id", "title"}
    fetched = shop.call(
        "POST", "/indexes/shop/documents/fetch", json={"filter": "color = red", "fields": ["id"]}
    ).json()
    assert fetched["results"] == [{"id": 1}, {"id": 3}]
    shop.task(shop.call("PUT", "/indexes/shop/documents", json=[{"id": 4, "price": 25}]))
    assert shop.call("GET", "/indexes/shop/documents/4").json()["title"] == "Wool scarf"
    shop.task(shop.call("POST", "/indexes/shop/documents/delete", json={"filter": "price > 80"}))
    shop.task(shop.call("POST", "/indexes/shop/documents/delete-batch", json=[1]))
    shop.task(shop.call("DELETE", "/indexes/shop/documents/3"))
    remaining = shop.call("GET", "/indexes/shop/documents").json()
    assert [d["id"] for d in remaining["results"]] == [4]
    missing = shop.call("GET", "/indexes/shop/documents/3")
    assert missing.status_code == 404 and missing.json()["code"] == "document_not_found"
    shop.task(shop.call("DELETE", "/indexes/shop/documents"))
    assert shop.call("GET", "/indexes/shop/stats").json()["numberOfDocuments"] == 0


def test_tasks_swap_cancel_delete(shop: Api) -> None:
    shop.task(shop.call("POST", "/indexes", json={"uid": "other"}))
    shop.task(shop.call("POST", "/indexes/other/documents", json=[{"id": 9, "title": "x"}]))
    swap = shop.task(shop.call("POST", "/swap-indexes", json=[{"indexes": ["shop", "other"]}]))
    assert swap["status"] == "succeeded", swap
    assert shop.call("GET", "/indexes/shop/documents").json()["total"] == 1
    assert shop.call("GET", "/indexes/other/documents").json()["total"] == 4
    listed = shop.call("GET", "/tasks", params={"statuses": "succeeded", "limit": 2}).json()
    assert len(listed["results"]) == 2 and listed["next"] is not None
    assert (
        shop.call("GET", "/tasks", params={"types": "bogus"}).json()["code"] == "invalid_task_types"
    )
    pending = shop.call("POST", "/indexes/shop/documents", json=[{"id": 10}])
    uid = pending.json()["taskUid"]
    cancel = shop.call("POST", "/tasks/cancel", params={"uids": str(uid)})
    assert cancel.status_code == 202 and cancel.json()["status"] == "enqueued"
    canceling = shop.task(cancel)  # runs first although it was enqueued after the task
    assert canceling["status"] == "succeeded", canceling
    assert canceling["details"] == {
        "matchedTasks": 1,
        "canceledTasks": 1,
        "originalFilter": f"?uids={uid}",
    }
    assert shop.call("GET", f"/tasks/{uid}").json()["status"] == "canceled"
    assert shop.call("GET", f"/tasks/{uid}").json()["canceledBy"] == canceling["uid"]
    deleted = shop.task(shop.call("DELETE", "/tasks", params={"uids": str(uid)}))
    assert deleted["type"] == "taskDeletion" and deleted["details"]["deletedTasks"] == 1
    assert shop.call("GET", f"/tasks/{uid}").status_code == 404
    assert shop.call("POST", "/tasks/cancel").json()["code"] == "missing_task_filters"


def test_similar_documents_with_user_vectors(api: Api) -> None:
    api.task(
        api.call(
            "PATCH",
            "/indexes/v/settings",
            json={
                "embedders": {"manual": {"source": "userProvided", "dimensions": 3}},
                "filterableAttributes": ["kind"],
            },
        )
    )
    docs = [
        {"id": 1, "kind": "a", "_vectors": {"manual": [0.8, 0.8, 0.8]}},
        {"id": 2, "kind": "a", "_vectors": {"manual": [0.7, 0.7, 0.9]}},
        {"id": 3, "kind": "b", "_vectors": {"manual": [0.6, 0.5, 0.2]}},
    ]
    assert api.task(api.call("POST", "/indexes/v/documents", json=docs))["status"] == "succeeded"
    similar = api.call("POST", "/indexes/v/similar", json={"id": 2, "embedder": "manual"}).json()
    assert [h["id"] for h in similar["hits"]] == [1, 3]
    filtered = api.call(
        "POST", "/indexes/v/similar", json={"id": 2, "embedder": "manual", "filter": "kind = b"}
    ).json()
    assert [h["id"] for h in filtered["hits"]] == [3]
    missing = api.call("POST", "/indexes/v/similar", json={"id": 9, "embedder": "manual"})
    assert missing.status_code == 404
    hits = api.call(
        "POST",
        "/indexes/v/search",
        json={
            "vector": [0.8, 0.8, 0.8],
            "hybrid": {"embedder": "manual", "semanticRatio": 1.0},
            "retrieveVectors": True,
            "limit": 1,
        },
    ).json()["hits"]
    assert hits[0]["_vectors"]["manual"] == [0.8, 0.8, 0.8]


def test_skip_creation_threshold_metadata_and_rename(shop: Api) -> None:
    strict = shop.call(
        "POST", "/indexes/shop/search", json={"q": "red dress", "rankingScoreThreshold": 0.99}
    ).json()
    loose = shop.call("POST", "/indexes/shop/search", json={"q": "red dress"}).json()
    assert 0 < len(strict["hits"]) < len(loose["hits"])
    skipped = shop.task(
        shop.call(
            "POST",
            "/indexes/shop/documents?skipCreation=true",
            json=[{"id": 1, "title": "Renamed shoes"}, {"id": 99, "title": "New"}],
        )
    )
    assert skipped["details"]["indexedDocuments"] == 1
    assert shop.call("GET", "/indexes/shop/documents/99").status_code == 404
    tagged = shop.call("DELETE", "/indexes/shop/documents/4?customMetadata=cleanup")
    assert tagged.json()["customMetadata"] == "cleanup"
    assert shop.task(tagged)["customMetadata"] == "cleanup"
    renamed = shop.task(shop.call("PATCH", "/indexes/shop", json={"uid": "store"}))
    assert renamed["status"] == "succeeded", renamed
    assert shop.call("GET", "/indexes/shop").status_code == 404
    assert shop.call("POST", "/indexes/store/search", json={"q": "dress"}).json()["hits"]


def test_webhooks_crud_and_delivery(api: Api) -> None:
    import gzip
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(gzip.decompress(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/hook"
    created = api.call("POST", "/webhooks", json={"url": url, "headers": {"X-T": "1"}})
    assert created.status_code == 201
    hook = created.json()
    assert api.call("GET", "/webhooks").json()["results"][0]["uuid"] == hook["uuid"]
    patched = api.call("PATCH", f"/webhooks/{hook['uuid']}", json={"headers": {"X-T": None}})
    assert patched.json()["headers"] == {}
    assert (
        api.call("POST", "/webhooks", json={"url": "nope"}).json()["code"] == "invalid_webhook_url"
    )
    api.task(api.call("POST", "/indexes", json={"uid": "w"}))
    assert api.client.app.state.notifier.deliver() >= 1  # type: ignore[attr-defined]
    thread.join(5)
    server.server_close()
    assert received and b'"indexCreation"' in received[0]
    assert api.call("DELETE", f"/webhooks/{hook['uuid']}").status_code == 204
    assert api.call("GET", f"/webhooks/{hook['uuid']}").status_code == 404


def test_batches(shop: Api) -> None:
    batches = shop.call("GET", "/batches", params={"limit": 2}).json()
    assert len(batches["results"]) == 2 and batches["total"] >= 3
    first = batches["results"][0]
    assert first["stats"]["totalNbTasks"] == 1
    one = shop.call("GET", f"/batches/{first['uid']}").json()
    assert one["uid"] == first["uid"]
    assert shop.call("GET", "/batches/999999").json()["code"] == "batch_not_found"


def test_swap_with_rename(shop: Api) -> None:
    done = shop.task(
        shop.call("POST", "/swap-indexes", json=[{"indexes": ["shop", "boutique"], "rename": True}])
    )
    assert done["status"] == "succeeded", done
    assert shop.call("GET", "/indexes/shop").status_code == 404
    assert shop.call("GET", "/indexes/boutique/documents").json()["total"] == 4


def test_stats_sizes(shop: Api) -> None:
    plain = shop.call("GET", "/indexes/shop/stats").json()
    assert plain["numberOfDocuments"] == 4 and plain["fieldDistribution"]["title"] == 4
    assert plain["rawDocumentDbSize"] > 0 and "internalDatabaseSizes" not in plain
    human = shop.call(
        "GET",
        "/indexes/shop/stats",
        params={"showInternalDatabaseSizes": "true", "sizeFormat": "human"},
    ).json()
    assert all(isinstance(v, str) for v in human["internalDatabaseSizes"].values())
    everything = shop.call("GET", "/stats", params={"sizeFormat": "human"}).json()
    assert isinstance(everything["databaseSize"], str) and "shop" in everything["indexes"]


def test_score_and_performance_details(shop: Api) -> None:
    body = shop.call(
        "POST",
        "/indexes/shop/search",
        json={
            "q": "red dress",
            "showRankingScoreDetails": True,
            "showPerformanceDetails": True,
            "facets": ["color"],
        },
    ).json()
    words = body["hits"][0]["_rankingScoreDetails"]["words"]
    assert words == {"order": 0, "matchingWords": 2, "maxMatchingWords": 2, "score": 1.0}
    assert body["hits"][1]["_rankingScoreDetails"]["words"]["matchingWords"] == 1
    assert {"parse", "keyword", "format", "facets"} <= set(body["performanceDetails"])
