"""The backup file: every table row for row, streamed in chunks, and refused clearly when wrong.

A restore of a malformed, truncated, foreign or newer file raises ``invalid_dump`` naming the
file and the problem, and leaves the store exactly as it was (one transaction).
"""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from sqlalchemy import select

from souk.errors import SoukError
from souk.store import schema as t
from souk.store.backup import (
    DATA_DIRECTORIES,
    FORMAT_VERSION,
    Kind,
    OwnTask,
    load_backup,
    read_metadata,
    write_backup,
)
from souk.store.backup import writer as backup_writer
from souk.store.settings import default_settings
from souk.store.store import Store
from souk.store.task_records import TaskType


def _fill(store: Store, documents: int = 300) -> int:
    """An index with documents, vectors and a tombstone, tasks (one enqueued with its payload)
    and a model file; returns the uid of a task that is running (the backup's own)."""
    created = store.enqueue("shop", TaskType.INDEX_CREATION, {})
    with store.transaction() as conn:
        store.insert_index(conn, "shop", "id", default_settings())
        docs = [
            (str(i), {"id": i, "title": f"product {i}", "tags": ["a", "é"]})
            for i in range(documents)
        ]
        store.upsert_documents(conn, "shop", docs, created.uid)
        vectors = [(i + 1, f"h{i}", np.full(8, i, np.float32).tobytes()) for i in range(documents)]
        store.upsert_embeddings(conn, "shop", "default", vectors)
        store.delete_documents(conn, "shop", ["0"], created.uid)
        store.finish_task(conn, created.uid, store.get_task(created.uid).status.SUCCEEDED, {})  # type: ignore[union-attr]
    store.enqueue(
        "shop", TaskType.DOCUMENT_ADDITION, {"receivedDocuments": 1}, {"documents": [{"id": 1}]}
    )
    own = store.enqueue(None, TaskType.DUMP_CREATION, {"dumpUid": None})
    store.mark_processing(own.uid)
    return own.uid


def _rows(store: Store) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    with store.engine.connect() as conn:
        for table in t.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            out[table.name] = [tuple(row) for row in conn.execute(query)]
    return out


@pytest.fixture
def source(tmp_path: Path) -> tuple[Store, int, Path]:
    store = Store(f"sqlite:///{tmp_path / 'source.db'}")
    own = _fill(store)
    data_dir = tmp_path / "data"
    (data_dir / "recommend").mkdir(parents=True)
    (data_dir / "recommend" / "shop.pkl").write_bytes(b"model bytes")
    (data_dir / "recommend" / "half.tmp").write_bytes(b"a training in progress")
    return store, own, data_dir


@pytest.mark.parametrize("kind", [Kind.DUMP, Kind.SNAPSHOT])
def test_every_row_comes_back(source: tuple[Store, int, Path], tmp_path: Path, kind: Kind) -> None:
    store, own, data_dir = source
    result = write_backup(
        store,
        tmp_path / "out",
        kind=kind,
        data_dir=data_dir,
        own_task=OwnTask(own, {"dumpUid": "x"}),
    )
    assert result.path.name == f"{result.uid}.{kind.value}"
    assert len(result.uid) == len("20240101-120000123")
    metadata = read_metadata(result.path)
    assert metadata.kind is kind and metadata.format_version == FORMAT_VERSION
    assert metadata.files == ["recommend/shop.pkl"]  # never a half-written model
    assert metadata.tables["souk_documents"].rows == 299

    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    staging = tmp_path / "staging"
    restored = load_backup(target, result.path, staging=staging)
    assert (staging / "recommend" / "shop.pkl").read_bytes() == b"model bytes"
    assert restored.rows["souk_embeddings"] == 299 and restored.rows["souk_tombstones"] == 1
    before, after = _rows(store), _rows(target)
    # the backup's own task is kept finished; every other row is identical
    task = target.get_task(own)
    assert task is not None and task.status.value == "succeeded"
    assert task.finished_at is not None and task.started_at is not None
    assert [r for r in after.pop("souk_tasks") if r[0] != own] == [
        r for r in before.pop("souk_tasks") if r[0] != own
    ]
    assert after == before
    # an enqueued task kept its payload, so it runs after the restore
    assert target.task_payload(own - 1) == {"documents": [{"id": 1}]}


def test_tables_stream_in_chunks(
    source: tuple[Store, int, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _, data_dir = source
    monkeypatch.setattr(backup_writer, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(backup_writer, "READ_BATCH", 50)
    stages: list[tuple[str, int, int]] = []
    result = write_backup(
        store, tmp_path, kind=Kind.DUMP, data_dir=data_dir, progress=lambda *a: stages.append(a)
    )
    with tarfile.open(result.path, "r:gz") as tar:
        names = tar.getnames()
    chunks = [n for n in names if n.startswith("tables/souk_documents/")]
    assert names[0] == "metadata.json" and len(chunks) > 3
    assert ("souk_documents", 299, 299) in stages
    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    load_backup(target, result.path, staging=tmp_path / "staging")
    assert _rows(target)["souk_documents"] == _rows(store)["souk_documents"]


def test_the_kept_directories_are_where_models_are_trained(tmp_path: Path) -> None:
    from souk.recommend.training import model_path

    assert model_path(tmp_path, "shop").parent == tmp_path / DATA_DIRECTORIES[0]


# -- bad files ---------------------------------------------------------------------------


def _archive(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _members(path: Path) -> list[tuple[str, bytes]]:
    with tarfile.open(path, "r:gz") as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]


def _with_metadata(members: list[tuple[str, bytes]], **changes: Any) -> list[tuple[str, bytes]]:
    metadata = orjson.loads(members[0][1])
    metadata.update(changes)
    return [("metadata.json", orjson.dumps(metadata)), *members[1:]]


def _first_row_changed(
    members: list[tuple[str, bytes]], table: str, **changes: Any
) -> list[tuple[str, bytes]]:
    out = []
    for name, data in members:
        if name.startswith(f"tables/{table}/") and changes:
            lines = data.splitlines()
            row = orjson.loads(lines[0])
            row.update(changes)
            data = b"\n".join([orjson.dumps(row), *lines[1:]]) + b"\n"
            changes = {}
        out.append((name, data))
    return out


def _bad_files(good: Path, root: Path) -> dict[str, tuple[Path, str]]:
    members = _members(good)
    doc_chunk = next(n for n, _ in members if n.startswith("tables/souk_documents/"))
    not_gzip = root / "plain.dump"
    not_gzip.write_bytes(b"this is not an archive")
    truncated = root / "truncated.dump"
    truncated.write_bytes(good.read_bytes()[:-200])
    garbled = root / "garbled.dump"
    raw = bytearray(gzip.decompress(good.read_bytes()))
    raw[len(raw) // 2 : len(raw) // 2 + 64] = b"#" * 64
    garbled.write_bytes(gzip.compress(bytes(raw)))
    return {
        "not gzip": (not_gzip, "damaged or is not a souk backup"),
        "truncated": (truncated, "damaged"),
        "garbled": (garbled, "line"),
        "no metadata first": (
            _archive(root / "nometa.dump", members[1:]),
            "does not start with `metadata.json`",
        ),
        "newer version": (
            _archive(
                root / "newer.dump", _with_metadata(members, formatVersion=FORMAT_VERSION + 1)
            ),
            f"format version {FORMAT_VERSION + 1}",
        ),
        "another format": (
            _archive(root / "other.dump", _with_metadata(members, format="meilisearch")),
            "does not describe a souk backup",
        ),
        "unknown table": (
            _archive(
                root / "table.dump",
                _with_metadata(members, tables={"souk_future": {"columns": ["a"], "rows": 0}}),
            ),
            "table `souk_future`, unknown to this souk",
        ),
        "row of wrong type": (
            _archive(
                root / "type.dump", _first_row_changed(members, "souk_documents", iid="seven")
            ),
            "column `iid` must be an integer",
        ),
        "null where required": (
            _archive(root / "null.dump", _first_row_changed(members, "souk_documents", body=None)),
            "column `body` is null",
        ),
        "duplicate row": (
            _archive(
                root / "dup.dump",
                [*members, (doc_chunk.replace("000001", "000099"), dict(members)[doc_chunk])],
            ),
            "the database refused a row",
        ),
        "missing rows": (
            _archive(root / "missing.dump", [m for m in members if m[0] != doc_chunk]),
            "`souk_documents` should have 299 rows but has 0",
        ),
        "unsafe path": (
            _archive(root / "escape.dump", [*members, ("files/../../etc/passwd", b"x")]),
            "unsafe path",
        ),
        "foreign member": (
            _archive(root / "foreign.dump", [*members, ("files/elsewhere/x", b"x")]),
            "outside the kept directories",
        ),
    }


def test_a_bad_file_is_refused_by_name_and_changes_nothing(
    source: tuple[Store, int, Path], tmp_path: Path
) -> None:
    store, _, data_dir = source
    good = write_backup(store, tmp_path / "out", kind=Kind.DUMP, data_dir=data_dir).path
    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    with target.transaction() as conn:
        target.insert_index(conn, "kept", "id", default_settings())
        target.upsert_documents(conn, "kept", [("1", {"id": 1})], 1)
    before = _rows(target)
    problems = _bad_files(good, tmp_path)
    for label, (path, reason) in problems.items():
        with pytest.raises(SoukError) as refused:
            load_backup(target, path, staging=tmp_path / "staging", replace=True)
        assert refused.value.code == "invalid_dump", label
        assert str(path) in refused.value.message, label
        assert reason in refused.value.message, (label, refused.value.message)
        assert _rows(target) == before, label
    # the same file, whole, is fine
    load_backup(target, good, staging=tmp_path / "staging", replace=True)
    assert _rows(target)["souk_documents"] == _rows(store)["souk_documents"]


def test_a_store_with_data_is_refused(source: tuple[Store, int, Path], tmp_path: Path) -> None:
    store, _, data_dir = source
    good = write_backup(store, tmp_path / "out", kind=Kind.DUMP, data_dir=data_dir).path
    with pytest.raises(SoukError) as refused:
        load_backup(store, good, staging=tmp_path / "staging")
    assert refused.value.code == "restore_target_not_empty"
    assert "souk_documents: 299" in refused.value.message


def test_a_dump_sees_the_store_as_of_one_moment(
    source: tuple[Store, int, Path], tmp_path: Path
) -> None:
    """Rows written while a dump runs (events, keys: not tasks) are in none of its tables."""
    store, _, data_dir = source
    written: list[int] = []

    def write_meanwhile(stage: str, _done: int, _total: int) -> None:
        if stage == "souk_documents" and not written:  # before the later tables are read
            with store.transaction() as conn:
                store.insert_index(conn, "late", "id", default_settings())
            written.append(1)

    result = write_backup(
        store, tmp_path, kind=Kind.DUMP, data_dir=data_dir, progress=write_meanwhile
    )
    assert written and len(store.list_indexes()) == 2
    assert read_metadata(result.path).tables["souk_indexes"].rows == 1
    target = Store(f"sqlite:///{tmp_path / 'target.db'}")
    load_backup(target, result.path, staging=tmp_path / "staging")
    assert [r.uid for r in target.list_indexes()] == ["shop"]
