"""Dumps and snapshots through the SDK: the upstream tests `test_client_dumps.py` and
`test_clinet_snapshots.py` of meilisearch-python, on a live `souk serve`."""

from __future__ import annotations

import meilisearch
import pytest

from tests.compat.conftest import MakeIndex

pytestmark = pytest.mark.compat


def test_dump_creation(client: meilisearch.Client, make_index: MakeIndex) -> None:
    """Tests the creation of a Meilisearch dump."""
    make_index()
    dump = client.create_dump()
    client.wait_for_task(dump.task_uid)
    dump_status = client.get_task(dump.task_uid)
    assert dump_status.status == "succeeded"
    assert dump_status.type == "dumpCreation"
    assert dump_status.index_uid is None
    assert dump_status.details is not None and dump_status.details["dumpUid"]


def test_snapshot_creation(client: meilisearch.Client, make_index: MakeIndex) -> None:
    """Tests the creation of a Meilisearch snapshot."""
    make_index()
    snapshot = client.create_snapshot()
    client.wait_for_task(snapshot.task_uid)
    snapshot_status = client.get_task(snapshot.task_uid)
    assert snapshot_status.status == "succeeded"
    assert snapshot_status.type == "snapshotCreation"
