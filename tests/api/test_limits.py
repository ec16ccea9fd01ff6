"""Every bound on one request, reached with the keys that can reach it: a clear 4xx naming the
limit, nothing written, and the server still answering afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.access_helpers import Api, make_app

WORDS = [f"word{i}" for i in range(30)]


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    engine, app = make_app(tmp_path)
    with TestClient(app) as client:
        api = Api(client, engine)
        api.wait(api.call("POST", "/indexes", json={"uid": "shop", "primaryKey": "id"}))
        settings = {"filterableAttributes": ["brand", "price"], "searchCutoffMs": 5000}
        api.wait(api.call("PATCH", "/indexes/shop/settings", json=settings))
        docs = [
            {"id": f"p{i}", "title": f"running shoes {WORDS[i % 30]}", "brand": "acme", "price": i}
            for i in range(60)
        ]
        api.wait(api.call("POST", "/indexes/shop/documents", json=docs))
        yield api
    engine.close()


@pytest.fixture
def search_key(api: Api) -> str:
    """What a storefront hands to any browser: search on the shop."""
    return str(api.new_key(["search"], ["shop"])["key"])


def _search(api: Api, key: str, body: dict[str, Any]) -> Any:
    return api.call("POST", "/indexes/shop/search", key, json=body)


def _refused(response: Any, status: int, code: str, *naming: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code and {"message", "type", "link"} <= set(body), body
    for text in naming:
        assert text in body["message"], body["message"]
    return body


def _still_up(api: Api, key: str) -> None:
    found = _search(api, key, {"q": "running shoes"})
    assert found.status_code == 200 and found.json()["hits"]


def test_only_the_first_ten_query_words_are_searched(api: Api, search_key: str) -> None:
    """A search key used to grow the server to 21.7 GB with a query of 15,400 typo words."""
    first_ten = " ".join(["runing", "shoes", *WORDS[:8]])
    long_query = first_ten + " " + " ".join(WORDS[8:] * 2)  # 54 words, under 1,000 characters
    assert len(long_query.split()) == 54 and len(long_query) < 1000
    long = _search(api, search_key, {"q": long_query, "limit": 60})
    # the tenth word is complete (not a prefix being typed): the words after it say so
    short = _search(api, search_key, {"q": first_ten + " ", "limit": 60})
    assert long.status_code == short.status_code == 200
    assert [h["id"] for h in long.json()["hits"]] == [h["id"] for h in short.json()["hits"]]
    assert long.json()["query"] == long_query  # the query is echoed as sent


def test_a_query_over_the_character_limit_is_refused(api: Api, search_key: str) -> None:
    _refused(
        _search(api, search_key, {"q": "runing shoes " * 7700}),
        400,
        "invalid_search_q",
        "SOUK_MAX_QUERY_CHARS",
        "1,000",
    )
    refused = api.call("GET", "/indexes/shop/search", search_key, params={"q": "x" * 1001})
    _refused(refused, 400, "invalid_search_q")
    facet = api.call(
        "POST",
        "/indexes/shop/facet-search",
        search_key,
        json={"facetName": "brand", "facetQuery": "a" * 1001},
    )
    _refused(facet, 400, "invalid_facet_search_facet_query", "SOUK_MAX_QUERY_CHARS")
    _still_up(api, search_key)


def _nested_array(depth: int) -> str:
    return "[" * depth + '"price > 1"' + "]" * depth


def test_filters_nested_too_deep_or_too_big_are_refused(api: Api, search_key: str) -> None:
    for depth in (40, 980, 1023):  # 980-1023 used to raise RecursionError (a 500)
        body = '{"q": "", "filter": ' + _nested_array(depth) + "}"
        response = api.client.post(
            "/indexes/shop/search",
            content=body,
            headers={"Authorization": f"Bearer {search_key}", "Content-Type": "application/json"},
        )
        _refused(response, 400, "bad_request", "SOUK_MAX_NESTING_DEPTH")
    # three levels of arrays: a filter syntax error (its message shows the value, cut short)
    third_level = _search(api, search_key, {"filter": [[["price > 1"]]]})
    _refused(third_level, 400, "invalid_search_filter", "expected String")
    many = "price IN [" + ", ".join(str(i) for i in range(10_001)) + "]"
    _refused(
        _search(api, search_key, {"filter": many}),
        400,
        "invalid_search_filter",
        "SOUK_MAX_FILTER_VALUES",
    )
    long = " OR ".join(["brand = acme"] * 9000)  # 9,000 conditions, 125,996 characters
    _refused(_search(api, search_key, {"filter": long}), 400, "invalid_search_filter", "CHARS")
    in_bounds = _search(api, search_key, {"filter": "price IN [1, 2, 3]", "limit": 10})
    assert in_bounds.status_code == 200 and len(in_bounds.json()["hits"]) == 3
    _still_up(api, search_key)


def test_too_many_facets_or_federated_queries_are_refused(api: Api, search_key: str) -> None:
    _refused(
        _search(api, search_key, {"facets": ["brand"] * 101}),
        400,
        "invalid_search_facets",
        "SOUK_MAX_FACETS",
    )
    queries = [{"indexUid": "shop", "q": "shoes"}] * 101
    multi = api.call("POST", "/multi-search", search_key, json={"queries": queries})
    _refused(multi, 400, "bad_request", "SOUK_MAX_FEDERATED_QUERIES")
    fine = api.call("POST", "/multi-search", search_key, json={"queries": queries[:3]})
    assert fine.status_code == 200 and len(fine.json()["results"]) == 3


def test_a_document_nested_too_deep_is_refused_and_nothing_is_written(api: Api) -> None:
    for depth in (33, 256, 1023):  # 256-1,023 used to fail in the store's serialiser (a 500)
        body = '[{"id": "ok"}, {"id": "deep", "n": ' + '{"x": ' * depth + "1" + "}" * depth + "}]"
        response = api.client.post(
            "/indexes/shop/documents",
            content=body,
            headers={
                "Authorization": "Bearer MASTER_KEY_FOR_ACCESS_TESTS",
                "Content-Type": "application/json",
            },
        )
        _refused(response, 400, "malformed_payload", "record 2", "nested")
    assert api.call("GET", "/indexes/shop/documents/ok").status_code == 404
    events = (
        '[{"type": "view", "userId": "u1", "productId": "p1", "x": ' + "[" * 500 + "]" * 500 + "}]"
    )
    response = api.client.post(
        "/indexes/shop/events",
        content=events,
        headers={
            "Authorization": "Bearer MASTER_KEY_FOR_ACCESS_TESTS",
            "Content-Type": "application/json",
        },
    )
    _refused(response, 400, "bad_request", "SOUK_MAX_NESTING_DEPTH")


def test_a_python_caller_gets_the_same_document_limits(api: Api) -> None:
    from souk.errors import SoukError

    deep: dict[str, Any] = {"x": 1}
    for _ in range(40):
        deep = {"x": deep}
    with pytest.raises(SoukError, match="record 2: the document is nested deeper"):
        api.engine.add_documents("shop", [{"id": "a"}, {"id": "b", "n": deep}])
    with pytest.raises(SoukError, match="larger than the limit"):
        api.engine.add_documents("shop", [{"id": "big", "text": "x" * (2 * 1024 * 1024)}])


def test_ids_and_uids_with_a_trailing_newline_are_invalid(api: Api) -> None:
    """``$`` matched before a final newline: `"p1\\n"` became a second document beside p1."""
    task = api.call("POST", "/indexes/shop/documents", json=[{"id": "p1\n"}]).json()
    api.engine.wait_for_task(task["taskUid"])
    failed = api.ok("GET", f"/tasks/{task['taskUid']}")
    assert failed["status"] == "failed" and failed["error"]["code"] == "invalid_document_id"
    assert api.ok("GET", "/indexes/shop/stats")["numberOfDocuments"] == 60
    _refused(api.call("POST", "/indexes", json={"uid": "evil\n"}), 400, "invalid_index_uid")


def test_assets_with_a_nul_byte_or_a_path_are_not_found(api: Api) -> None:
    for name in ("%00", "a%00.js", "..%2F..%2Fsouk.db", ".hidden"):
        response = api.client.get(f"/assets/{name}")
        _refused(response, 404, "not_found")


def test_a_chat_with_too_many_or_too_long_messages_is_refused(api: Api) -> None:
    browser = api.new_key(["search", "chatCompletions"], ["shop"])["key"]  # a storefront's key

    def chat(messages: list[dict[str, str]]) -> Any:
        body = {"model": "shop", "messages": messages}
        return api.call("POST", "/v1/chat/completions", browser, json=body)

    long = chat([{"role": "user", "content": "shoes " * 1000}])
    _refused(long, 400, "invalid_chat_request", "SOUK_MAX_CHAT_CHARS")
    many = chat([{"role": "user", "content": "shoes"}] * 101)
    _refused(many, 400, "invalid_chat_request", "SOUK_MAX_CHAT_MESSAGES")
    assert chat([{"role": "user", "content": "running shoes"}]).status_code == 200
