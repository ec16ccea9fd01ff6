"""The soak's master-key side: set the index up, and afterwards check what the writes left.

After the load stops, every write's task must have succeeded, and the index must hold exactly
what the writes describe: the catalog plus the live added documents (counted in the store and
in the search index), the latest ``soak_rev`` of the updated documents findable by a filter,
and the deleted documents gone.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import httpx

from souk.bench.soak_load import latency_figures
from souk.bench.soak_mix import INDEX, SETTINGS, WriteOp, WriteStream

#: loopback only, for a throwaway data directory
MASTER_KEY = "souk-soak-master-key-not-a-secret"
LOAD_BATCH = 5_000
TASK_PAGE = 100
CHECKED_REVISIONS = 5
CHECKED_DOCUMENTS = 10
FINISHED = ("succeeded", "failed", "canceled")


class Admin:
    """Index, search key, catalog and task waits, with the master key."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(
            base_url=url, timeout=120.0, headers={"Authorization": f"Bearer {MASTER_KEY}"}
        )

    def wait(self, uid: int, timeout: float = 300.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            task: dict[str, Any] = self.http.get(f"/tasks/{uid}").json()
            if task["status"] in FINISHED:
                return task
            if time.monotonic() > deadline:
                raise TimeoutError(f"task {uid} still {task['status']} after {timeout:.0f}s")
            time.sleep(0.1)

    def enqueue(self, method: str, path: str, **kwargs: Any) -> int:
        response = self.http.request(method, path, **kwargs)
        response.raise_for_status()
        return int(response.json()["taskUid"])

    def create_index(self) -> None:
        for method, path, body in (
            ("POST", "/indexes", {"uid": INDEX, "primaryKey": "id"}),
            ("PATCH", f"/indexes/{INDEX}/settings", SETTINGS),
        ):
            task = self.wait(self.enqueue(method, path, json=body))
            if task["status"] != "succeeded":
                raise RuntimeError(f"{method} {path} failed: {task.get('error')}")

    def search_key(self) -> str:
        """A key that may only search, and only the soak's index."""
        body = {"actions": ["search"], "indexes": [INDEX], "expiresAt": None}
        response = self.http.post("/keys", json=body)
        response.raise_for_status()
        return str(response.json()["key"])

    def load(self, products: Sequence[dict[str, Any]], progress: Any) -> None:
        uids = [
            self.enqueue(
                "POST", f"/indexes/{INDEX}/documents", json=list(products[i : i + LOAD_BATCH])
            )
            for i in range(0, len(products), LOAD_BATCH)
        ]
        for done, uid in enumerate(uids, start=1):
            task = self.wait(uid)
            if task["status"] != "succeeded":
                raise RuntimeError(f"catalog load task {uid} failed: {task.get('error')}")
            progress("load catalog", min(done * LOAD_BATCH, len(products)), len(products))

    def tasks(self, uids: Sequence[int]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for start in range(0, len(uids), TASK_PAGE):
            page = uids[start : start + TASK_PAGE]
            params = {"uids": ",".join(map(str, page)), "limit": str(len(page))}
            response = self.http.get("/tasks", params=params)
            response.raise_for_status()
            out.extend(response.json()["results"])
        return out


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def task_outcomes(admin: Admin, sent: Sequence[tuple[int, WriteOp]]) -> dict[str, Any]:
    """How every write's task ended, and how long each waited from enqueue to finish."""
    out: dict[str, Any] = {"sent": len(sent), "succeeded": 0, "timed_out": False}
    if not sent:
        return out
    try:
        admin.wait(max(uid for uid, _ in sent))  # tasks apply in order: the last one is enough
    except TimeoutError:
        out["timed_out"] = True
    tasks = admin.tasks([uid for uid, _ in sent])
    statuses: dict[str, int] = {}
    for task in tasks:
        statuses[task["status"]] = statuses.get(task["status"], 0) + 1
    out["succeeded"] = statuses.get("succeeded", 0)
    out["statuses"] = statuses
    out["missing"] = len(sent) - len(tasks)
    out["failed_samples"] = [
        {"uid": t["uid"], "type": t["type"], "error": t.get("error")}
        for t in tasks
        if t["status"] != "succeeded"
    ][:5]
    lags = [_seconds(t["enqueuedAt"], t["finishedAt"]) for t in tasks]
    runs = [_seconds(t["startedAt"], t["finishedAt"]) for t in tasks]
    out["enqueued_to_finished"] = latency_figures([s * 1000 for s in lags if s is not None])
    out["processing"] = latency_figures([s * 1000 for s in runs if s is not None])
    return out


def verify_state(admin: Admin, stream: WriteStream, seed: int = 0) -> dict[str, Any]:
    """The index against the writes: counts, latest revisions, deletions, additions."""
    failures: list[str] = []
    checks = 0
    expected = stream.expected_count
    stored = admin.http.get(f"/indexes/{INDEX}/stats").json().get("numberOfDocuments")
    searchable = search(admin, {"q": "", "limit": 0}).get("estimatedTotalHits")
    for name, value in (("stored", stored), ("searchable", searchable)):
        checks += 1
        if value != expected:
            failures.append(f"{name} documents: {value}, expected {expected}")

    for rev in sorted(set(stream.revision.values()))[-CHECKED_REVISIONS:]:
        checks += 1
        want = {doc_id for doc_id, r in stream.revision.items() if r == rev}
        body = {
            "q": "",
            "filter": f"soak_rev = {rev}",
            "limit": 1000,
            "attributesToRetrieve": ["id"],
        }
        found = {str(hit["id"]) for hit in search(admin, body).get("hits", [])}
        if found != want:
            failures.append(
                f"soak_rev = {rev}: {len(found)} hits, expected {len(want)} "
                f"(missing {sorted(want - found)[:3]}, extra {sorted(found - want)[:3]})"
            )

    rng = random.Random(seed)
    revised = sorted(stream.revision)
    for doc_id in rng.sample(revised, min(CHECKED_DOCUMENTS, len(revised))):
        checks += 1
        response = admin.http.get(f"/indexes/{INDEX}/documents/{doc_id}")
        got = response.json().get("soak_rev") if response.status_code == 200 else None
        if got != stream.revision[doc_id]:
            failures.append(f"{doc_id}: soak_rev {got}, expected {stream.revision[doc_id]}")
    for ids, status in ((stream.deleted, 404), (stream.live, 200)):
        for doc_id in ids[-CHECKED_DOCUMENTS:]:
            checks += 1
            got_status = admin.http.get(f"/indexes/{INDEX}/documents/{doc_id}").status_code
            if got_status != status:
                failures.append(f"{doc_id}: HTTP {got_status}, expected {status}")
    return {
        "checks": checks,
        "failures": failures,
        "documents_expected": expected,
        "documents_stored": stored,
        "documents_searchable": searchable,
    }


def search(admin: Admin, body: dict[str, Any]) -> dict[str, Any]:
    response = admin.http.post(f"/indexes/{INDEX}/search", json=body)
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result
