"""Derived files against their checksums: recorded at commit, checked at open, rebuilt when
damaged, with the same search results as before."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import orjson
import pytest

from souk.config import Settings
from souk.engine import Engine
from souk.retrieval.hnsw_index import check_saved
from souk.retrieval.tantivy_index import committed_files
from souk.runtime.checksums import FileHasher, Manifest, record
from souk.runtime.derived import index_dir
from souk.runtime.integrity import MANIFEST, check_vectors, verify_lexical
from tests.conftest import make_settings
from tests.support.corrupt import largest_segment_file, overwrite, overwrite_middle

COLOURS = ["red", "blue", "green", "black", "white"]
ITEMS = ["shoe", "dress", "scarf", "jacket", "boot", "sock"]
DOCS = [
    {
        "id": str(n),
        "title": f"{COLOURS[n % 5]} {ITEMS[n % 6]} model {n}",
        "colour": COLOURS[n % 5],
        "price": n % 97,
        "_vectors": {"default": [1.0 + n % 7, float(n % 11), 0.5 + n % 3, 1.0]},
    }
    for n in range(400)
]
QUERIES = ["red shoe", "blue dress", "model 12", "green", "black boot", "jacket"]
VECTORS = {"default": {"source": "userProvided", "dimensions": 4}}


def build(config: Settings, *, reindex: bool = True) -> dict[str, Any]:
    """An index written in two tasks, then reindexed; its answers to QUERIES.

    Answers are compared with a freshly rebuilt index's: before a merge, deleted documents
    still count in BM25's statistics, so an index that was updated ranks a little differently
    from one rebuilt from the same documents (as after `souk reindex`).
    """
    with Engine(config) as engine:
        engine.wait_for_task(engine.create_index("shop", "id", {"embedders": VECTORS}).uid)
        engine.wait_for_task(engine.add_documents("shop", DOCS[:250]).uid)
        engine.wait_for_task(engine.add_documents("shop", DOCS[200:]).uid)
        if reindex:
            engine.wait_for_task(engine.reindex("shop").uid)
        return answers(engine)


def answers(engine: Engine) -> dict[str, Any]:
    keyword = {q: [h["id"] for h in engine.search("shop", q=q, limit=10)["hits"]] for q in QUERIES}
    semantic = engine.search(
        "shop",
        vector=[2.0, 3.0, 1.0, 1.0],
        hybrid={"embedder": "default", "semanticRatio": 1.0},
        limit=10,
    )
    return {"keyword": keyword, "semantic": [h["id"] for h in semantic["hits"]]}


def test_a_damaged_lexical_file_is_found_at_open_and_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_settings(tmp_path)
    before = build(config)
    directory = index_dir(config, "shop")
    segment = largest_segment_file(directory / "lexical")
    overwrite_middle(segment)
    found = verify_lexical(directory, FileHasher())
    assert found.problems == [f"{segment.name}: checksum differs"]
    with caplog.at_level(logging.WARNING, logger="souk.runtime"), Engine(config) as engine:
        assert answers(engine) == before
    assert "lexical index of shop does not match the checksums" in caplog.text
    assert segment.name in caplog.text and "rebuilding it from the store" in caplog.text
    assert verify_lexical(directory, FileHasher()).ok  # the rebuilt index is recorded


def test_sizes_only_at_open_still_catches_a_truncated_file(tmp_path: Path) -> None:
    config = make_settings(tmp_path)
    before = build(config)
    segment = largest_segment_file(index_dir(config, "shop") / "lexical")
    with segment.open("r+b") as handle:
        handle.truncate(segment.stat().st_size - 100)
    with Engine(config.model_copy(update={"verify_on_open": "sizes"})) as engine:
        assert answers(engine) == before
    assert verify_lexical(index_dir(config, "shop"), FileHasher()).ok


@pytest.mark.parametrize("target", ["arrays", "graph"])
def test_a_damaged_vector_file_is_found_at_open_and_rebuilt(
    tmp_path: Path, target: str, caplog: pytest.LogCaptureFixture
) -> None:
    config = make_settings(tmp_path)
    before = build(config)
    vectors = index_dir(config, "shop") / "vectors"
    damaged = vectors / "default" if target == "arrays" else next(vectors.glob("default.*.hnsw"))
    overwrite_middle(damaged)
    assert check_saved(vectors / "default") is not None
    assert not check_vectors(index_dir(config, "shop"), "default").ok
    with caplog.at_level(logging.WARNING), Engine(config) as engine:
        assert answers(engine) == before
    assert "rebuilding" in caplog.text
    assert check_saved(vectors / "default") is None  # saved again, intact


def test_a_running_server_repairs_what_breaks_under_it(tmp_path: Path) -> None:
    """The periodic check: damage done while the index is open is found and rebuilt."""
    config = make_settings(tmp_path)
    before = build(config)
    with Engine(config) as engine:
        engine.runtime("shop")
        assert engine.repair_derived() == {}
        segment = largest_segment_file(index_dir(config, "shop") / "lexical")
        overwrite_middle(segment)
        overwrite_middle(next((index_dir(config, "shop") / "vectors").glob("*.hnsw")))
        found = engine.repair_derived()
        assert sorted(found) == ["shop"] and len(found["shop"]) == 2, found
        assert answers(engine) == before
        assert engine.repair_derived() == {}


def test_a_commit_after_the_manifest_is_not_damage(tmp_path: Path) -> None:
    """A crash between tantivy's commit and the manifest leaves new segments unrecorded: the
    segments both know of are still checked, the new ones are recorded at the next open."""
    config = make_settings(tmp_path)
    build(config)
    directory = index_dir(config, "shop")
    with Engine(config) as engine:
        runtime = engine.runtime("shop")
        runtime.lexical.upsert([(9999, "extra", {"id": "extra", "title": "red extra"})])
        runtime.lexical.commit()  # not through the registry: nothing recorded
        check = verify_lexical(directory, FileHasher())
        assert check.ok and check.stale
        recorded = Manifest.load(directory / MANIFEST)
        assert recorded is not None
        old = sorted(n for n in recorded.files if n != "meta.json")[0]
        overwrite(directory / "lexical" / old, 10, b"\x00\x01\x02\x03")
        assert verify_lexical(directory, FileHasher()).problems == [f"{old}: checksum differs"]


def test_an_index_without_checksums_gets_them_at_open(tmp_path: Path) -> None:
    config = make_settings(tmp_path)
    before = build(config)
    manifest = index_dir(config, "shop") / MANIFEST
    manifest.unlink()
    assert not verify_lexical(index_dir(config, "shop"), FileHasher()).recorded
    with Engine(config) as engine:
        assert answers(engine) == before
    assert manifest.exists() and verify_lexical(index_dir(config, "shop"), FileHasher()).ok


def test_recording_reads_only_new_files(tmp_path: Path) -> None:
    directory = tmp_path / "files"
    directory.mkdir()
    for name in ("a.seg", "b.seg", "meta.json"):
        (directory / name).write_bytes(name.encode() * 1000)
    hasher = FileHasher()
    first = record(directory, ["a.seg", "b.seg", "meta.json"], hasher)
    read = hasher.bytes_read
    (directory / "c.seg").write_bytes(b"c" * 500)
    (directory / "meta.json").write_bytes(b"changed meta" * 300)
    second = record(
        directory,
        ["a.seg", "b.seg", "c.seg", "meta.json"],
        FileHasher(),
        previous=first,
        mutable=frozenset({"meta.json"}),
    )
    assert second.files["a.seg"] == first.files["a.seg"]
    assert second.files["meta.json"] != first.files["meta.json"]
    assert read == 5000 + 5000 + 9000  # every file, once
    fresh = FileHasher()
    record(directory, ["a.seg", "b.seg", "c.seg"], fresh, previous=first)
    assert fresh.bytes_read == 500  # only the new segment was read


def test_the_committed_files_are_the_live_segments_and_meta(tmp_path: Path) -> None:
    config = make_settings(tmp_path)
    build(config, reindex=False)
    lexical = index_dir(config, "shop") / "lexical"
    names = committed_files(lexical)
    meta = orjson.loads((lexical / "meta.json").read_bytes())
    live = {s["segment_id"].replace("-", ""): s.get("deletes") for s in meta["segments"]}
    assert "meta.json" in names and ".managed.json" not in names
    assert {n.split(".")[0] for n in names if n != "meta.json"} == set(live)
    deletes = [n for n in names if n.endswith(".del")]
    assert deletes and all(
        n == f"{n.split('.')[0]}.{live[n.split('.')[0]]['opstamp']}.del" for n in deletes
    )
