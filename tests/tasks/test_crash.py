"""Crash safety: ``kill -9`` in the middle of a large ingest, then restart.

After the restart every succeeded task's documents are searchable, nothing from an unfinished
task is visible anywhere, and the lexical index holds exactly the documents of the store.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from souk.config import Settings
from souk.demo.products import write_catalog
from souk.engine import Engine
from souk.store.task_records import TaskStatus
from tests.conftest import make_settings

BATCH = 400
PRODUCTS = 12_000


def _succeeded(settings: Settings) -> int:
    from souk.store.store import Store

    store = Store(settings.sqlalchemy_url)
    try:
        return len(
            store.list_tasks(
                statuses=["succeeded"], types=["documentAdditionOrUpdate"], limit=10_000
            )
        )
    finally:
        store.close()


@pytest.mark.slow
def test_kill_minus_nine_mid_ingest(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    catalog = tmp_path / "products.ndjson"
    write_catalog(catalog, count=PRODUCTS, seed=3)
    with Engine(settings) as engine:
        engine.wait_for_task(
            engine.create_index(
                "shop",
                "id",
                {
                    "embedders": {},
                    "filterableAttributes": ["color"],
                    "pagination": {"maxTotalHits": 100_000},
                },
            ).uid
        )
    env = {**os.environ, "SOUK_DATA_DIR": str(settings.data_dir), "SOUK_WRITER_HEAP_MB": "32"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "souk.cli",
            "ingest",
            str(catalog),
            "--index",
            "shop",
            "--batch-size",
            str(BATCH),
            "--json",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 240
    while _succeeded(settings) < 4:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    with Engine(settings) as engine:
        tasks = sorted(
            engine.store.list_tasks(
                index_uids=["shop"], types=["documentAdditionOrUpdate"], limit=10_000
            ),
            key=lambda t: t.uid,
        )
        assert len(tasks) == PRODUCTS // BATCH, "every batch was enqueued before the kill"
        done = [t for t in tasks if t.status == TaskStatus.SUCCEEDED]
        assert 4 <= len(done) < len(tasks), "the kill landed mid-ingest"
        # tasks run in order: the succeeded ones are a prefix of the batches
        assert [t.uid for t in done] == [t.uid for t in tasks[: len(done)]]
        expected = {f"p{i:06d}" for i in range(1, len(done) * BATCH + 1)}
        stored = set(engine.store.all_doc_ids("shop"))
        assert stored == expected, "no partial state from the interrupted task"
        runtime = engine.runtime("shop")
        indexed = {
            d.doc_id
            for d in engine.store.get_documents_by_iid("shop", runtime.lexical.all_iids()).values()
        }
        assert runtime.lexical.num_docs() == len(expected)
        assert indexed == expected, "lexical index agrees with the store"
        hits = engine.search("shop", filter="color EXISTS", limit=0)["estimatedTotalHits"]
        assert hits == len(expected)
        # the remaining tasks (including the interrupted one) run after the restart
        engine.wait_for_task(tasks[-1].uid, timeout=300)
        assert all(engine.get_task(t.uid).status == TaskStatus.SUCCEEDED for t in tasks)
        assert engine.search("shop", limit=0)["estimatedTotalHits"] == PRODUCTS
        assert engine.runtime("shop").lexical.num_docs() == PRODUCTS
