"""Index-scoped keys and tasks, the storefront's browser key, and auth as dependencies.

An index-scoped key neither sees nor changes another index's tasks (list, get, cancel, delete,
batches); the browser key ``/storefront/config`` hands out reaches the storefront's index only;
every route declares its action and the credentials are checked before the body is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from souk.api.ai import analytics, chat, events, guard, recommendations, storefront
from souk.api.auth import ACTIONS, Action
from souk.api.deps import require
from souk.api.meili import (
    backups,
    documents,
    indexes,
    keys,
    search,
    settings,
    system,
    tasks,
    webhooks,
)
from tests.api.access_helpers import MASTER, Api, make_app

# -- index-scoped keys and tasks --------------------------------------------------------------


@pytest.fixture
def two_indexes(tmp_path: Path) -> Iterator[Api]:
    engine, app = make_app(tmp_path)
    with TestClient(app) as client:
        api = Api(client, engine)
        for uid in ("alpha", "beta"):
            api.wait(api.call("POST", "/indexes", json={"uid": uid, "primaryKey": "id"}))
            api.wait(api.call("POST", f"/indexes/{uid}/documents", json=[{"id": 1}]))
        yield api
    engine.close()


def _tasks(api: Api, **params: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = api.ok("GET", "/tasks", params={"limit": "1000", **params})[
        "results"
    ]
    return results


def test_an_index_scoped_key_cancels_only_its_indexes_tasks(two_indexes: Api) -> None:
    api = two_indexes
    key = api.new_key(["tasks.*"], ["alpha"])["key"]
    # enqueued (the worker is not running): one task per index and one index-less task
    beta_task = api.call("POST", "/indexes/beta/documents", json=[{"id": 2}]).json()["taskUid"]
    alpha_task = api.call("POST", "/indexes/alpha/documents", json=[{"id": 2}]).json()["taskUid"]
    index_less = api.call("DELETE", "/tasks", params={"uids": "999999"}).json()["taskUid"]

    def status(uid: int) -> str:
        return str(api.ok("GET", f"/tasks/{uid}")["status"])

    def cancel(params: dict[str, str]) -> dict[str, Any]:
        """Enqueue a cancelation and run it alone (it runs before the tasks it cancels)."""
        response = api.call("POST", "/tasks/cancel", key, params=params)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "enqueued"
        task = api.engine.get_task(response.json()["taskUid"])
        assert api.engine.store.next_enqueued(1)[0].uid == task.uid  # first in line
        api.engine.worker.run_task(task)
        return api.ok("GET", f"/tasks/{task.uid}")

    for params in ({"indexUids": "beta"}, {"indexUids": "beta,gamma"}, {"uids": str(beta_task)}):
        done = cancel(params)
        assert done["details"]["canceledTasks"] == 0, done
        assert done["details"]["originalFilter"].startswith("?")
    assert status(beta_task) == status(index_less) == status(alpha_task) == "enqueued"

    done = cancel({"statuses": "enqueued"})
    assert (done["details"]["matchedTasks"], done["details"]["canceledTasks"]) == (1, 1)
    assert status(alpha_task) == "canceled"
    assert status(beta_task) == status(index_less) == "enqueued"


def test_an_index_scoped_key_deletes_only_its_indexes_tasks(two_indexes: Api) -> None:
    api = two_indexes
    key = api.new_key(["tasks.*"], ["alpha"])["key"]
    index_less = api.wait(api.call("DELETE", "/tasks", params={"uids": "999999"}))["uid"]
    before = {t["uid"]: t["indexUid"] for t in _tasks(api)}
    assert {"alpha", "beta", None} <= set(before.values())

    for params in ({"indexUids": "beta"}, {"uids": ",".join(map(str, before))}, {"types": "*"}):
        deletion = api.wait(api.call("DELETE", "/tasks", key, params=params))
        assert deletion["details"]["originalFilter"].startswith("?")
        left = {t["uid"]: t["indexUid"] for t in _tasks(api)}
        assert all(left.get(uid) == "beta" for uid, index in before.items() if index == "beta")
        assert index_less in left
    left = {t["uid"]: t["indexUid"] for t in _tasks(api)}
    assert "alpha" not in left.values()  # its own tasks did go
    assert [u for u, i in before.items() if i == "beta"] == [
        u for u, i in left.items() if i == "beta"
    ]


def test_an_index_scoped_key_neither_lists_nor_reads_another_indexes_tasks(
    two_indexes: Api,
) -> None:
    api = two_indexes
    key = api.new_key(["tasks.get"], ["alpha"])["key"]
    beta_tasks = [t["uid"] for t in _tasks(api, indexUids="beta")]
    assert beta_tasks
    listed = api.ok("GET", "/tasks?limit=1000", key)
    assert "beta" not in {t["indexUid"] for t in listed["results"]}
    assert listed["total"] == len(listed["results"])
    asked = api.ok("GET", "/tasks?indexUids=beta", key)
    assert (asked["results"], asked["total"]) == ([], 0)
    batches = api.ok("GET", "/batches?limit=1000", key)
    assert all("beta" not in b["stats"]["indexUids"] for b in batches["results"])
    for uid in beta_tasks:
        assert api.call("GET", f"/tasks/{uid}", key).status_code == 404
        assert api.call("GET", f"/batches/{uid}", key).status_code == 404
    for path in ("/tasks/cancel?indexUids=alpha",):
        assert api.call("POST", path, key).status_code == 403  # tasks.get does not cancel


# -- the storefront's browser key ------------------------------------------------------------


def test_the_storefront_key_is_scoped_to_the_storefront_index(two_indexes: Api) -> None:
    api = two_indexes
    api.engine.config.storefront_index = "alpha,beta"
    # an older version's key: same name, every index. It must not be handed out.
    legacy = api.new_key(["search", "chatCompletions"], ["*"], name="souk Storefront Key")
    config = api.ok("GET", "/storefront/config?index=alpha", key=None)
    assert config["indexUid"] == "alpha"
    browser = config["searchKey"]
    assert browser and browser != legacy["key"]
    assert api.call("GET", f"/keys/{legacy['uid']}").status_code == 404  # deleted, not kept
    stored = api.ok("GET", f"/keys/{browser}")
    assert (stored["indexes"], sorted(stored["actions"])) == (
        ["alpha"],
        ["chatCompletions", "search"],
    )
    assert api.call("POST", "/indexes/alpha/search", browser, json={}).status_code == 200
    assert api.call("POST", "/indexes/beta/search", browser, json={}).status_code == 403
    assert api.ok("GET", "/storefront/config?index=alpha", key=None)["searchKey"] == browser
    # another storefront index gets its own key; alpha's keeps working
    beta = api.ok("GET", "/storefront/config?index=beta", key=None)["searchKey"]
    assert beta != browser and api.ok("GET", f"/keys/{beta}")["indexes"] == ["beta"]
    assert api.call("POST", "/indexes/alpha/search", browser, json={}).status_code == 200
    # an unknown index falls back to an existing one: callers cannot mint keys for any name
    assert api.ok("GET", "/storefront/config?index=ghost", key=None)["searchKey"] in (browser, beta)
    named = [k for k in api.ok("GET", "/keys?limit=100")["results"] if k["name"] == legacy["name"]]
    assert sorted(k["indexes"][0] for k in named) == ["alpha", "beta"]


def test_the_storefront_config_speaks_only_of_the_storefront_indexes(two_indexes: Api) -> None:
    """Anyone may read /storefront/config: an index the operator did not name for the
    storefront is neither listed nor given a browser key."""
    api = two_indexes
    api.engine.config.storefront_index = "alpha"
    config = api.ok("GET", "/storefront/config", key=None)
    assert (config["indexUid"], config["indexes"]) == ("alpha", ["alpha"])
    asked_for_beta = api.ok("GET", "/storefront/config?index=beta", key=None)
    assert asked_for_beta["indexUid"] == "alpha"
    assert asked_for_beta["searchKey"] == config["searchKey"]
    assert all("beta" not in k["indexes"] for k in api.ok("GET", "/keys?limit=100")["results"])
    api.engine.config.storefront_index = "ghost"
    nothing = api.ok("GET", "/storefront/config", key=None)
    assert (nothing["indexUid"], nothing["searchKey"], nothing["indexes"]) == (None, None, [])


# -- auth as dependencies --------------------------------------------------------------------

PUBLIC = {"/health", "/storefront/config", "/", "/sell", "/admin", "/assets/{name}"}


def _dependencies(dependant: Any) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _dependencies(dependency)


def test_every_route_declares_its_action(two_indexes: Api) -> None:
    """Each route names one action in its signature (through ``require``); public ones none."""
    requirers = {require(action): action for action in Action}
    assert [a.value for a in Action] == list(ACTIONS)
    modules = (analytics, chat, events, guard, recommendations, storefront)
    modules += (documents, indexes, keys, search, settings, system, tasks, webhooks, backups)
    routes = [r for m in modules for r in m.router.routes if isinstance(r, APIRoute)]
    app: Any = two_indexes.client.app
    assert set(app.openapi()["paths"]) <= {r.path for r in routes}  # no router left out
    for route in routes:
        declared = [requirers[c] for c in _dependencies(route.dependant) if c in requirers]
        if route.path in PUBLIC:
            assert not declared, route.path
        else:
            assert len(set(declared)) == 1, (route.path, route.methods, declared)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/indexes/alpha/search"),
        ("POST", "/multi-search"),
        ("POST", "/indexes/alpha/facet-search"),
        ("POST", "/indexes/alpha/similar"),
        ("POST", "/v1/chat/completions"),
        ("POST", "/indexes/alpha/documents"),
        ("PATCH", "/indexes/alpha/settings"),
        ("PUT", "/indexes/alpha/settings/synonyms"),
        ("POST", "/indexes"),
        ("POST", "/swap-indexes"),
        ("POST", "/keys"),
        ("POST", "/indexes/alpha/events"),
    ],
)
def test_credentials_are_checked_before_the_body(two_indexes: Api, method: str, path: str) -> None:
    weak = two_indexes.new_key(["version"], ["*"])["key"]  # valid, but without the action

    def send(authorization: str | None) -> Any:
        headers = {"content-type": "application/json"}
        if authorization is not None:
            headers["Authorization"] = f"Bearer {authorization}"
        return two_indexes.client.request(method, path, content=b"{not json", headers=headers)

    assert send(None).status_code == 401
    assert send("nope").status_code == 403
    assert send(weak).status_code == 403
    assert send(MASTER).status_code == 400  # the body is looked at once the key may act


def test_indexes_named_in_the_body_are_checked(two_indexes: Api) -> None:
    api = two_indexes
    key = api.new_key(["search", "indexes.create", "indexes.swap"], ["alpha"])["key"]
    multi = api.call(
        "POST",
        "/multi-search",
        key,
        json={"queries": [{"indexUid": "alpha"}, {"indexUid": "beta"}]},
    )
    assert multi.status_code == 403
    assert multi.json()["message"] == (
        "Inside `.queries[1]`: The API key cannot acces the index `beta`, authorized indexes are "
        '["alpha"].'
    )
    created = api.call("POST", "/indexes", key, json={"uid": "gamma"})
    assert created.status_code == 403 and "`gamma`" in created.json()["message"]
    swapped = api.call("POST", "/swap-indexes", key, json=[{"indexes": ["alpha", "beta"]}])
    assert swapped.status_code == 403 and "`beta`" in swapped.json()["message"]
    assert api.call("GET", "/tasks?indexUids=gamma").json()["total"] == 0


def test_a_key_cannot_rename_its_index_out_of_its_reach(two_indexes: Api) -> None:
    api = two_indexes
    key = api.new_key(["indexes.update", "indexes.get"], ["alpha*"])["key"]
    away = api.call("PATCH", "/indexes/alpha", key, json={"uid": "zeta"})
    assert away.status_code == 403 and "`zeta`" in away.json()["message"]
    api.wait(api.call("PATCH", "/indexes/alpha", key, json={"uid": "alpha2"}))
    assert api.ok("GET", "/indexes/alpha2", key)["uid"] == "alpha2"


def test_the_guard_audit_shows_a_scoped_key_only_its_indexes(two_indexes: Api) -> None:
    from souk.guard.guard import Guard

    audit = Guard(two_indexes.engine.store).audit
    for uid in ("alpha", "alpha_x", "alphaz", "beta", None):
        audit.record(stage="input", rule="pii", action="redact", index_uid=uid)
    everything = two_indexes.ok("GET", "/guard/audit")["results"]
    assert {e["indexUid"] for e in everything} == {"alpha", "alpha_x", "alphaz", "beta", None}
    for patterns, seen in (
        (["alpha"], {"alpha"}),
        (["alpha_*"], {"alpha_x"}),  # `_` is not a wildcard
        (["alpha*"], {"alpha", "alpha_x", "alphaz"}),
    ):
        key = two_indexes.new_key(["stats.get"], patterns)["key"]
        shown = two_indexes.ok("GET", "/guard/audit", key)["results"]
        assert {e["indexUid"] for e in shown} == seen, patterns
