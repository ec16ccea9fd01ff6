"""`souk doctor`'s checks and repairs: healthy is healthy, broken is broken, repair mends it."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import delete

from souk.config import Settings
from souk.engine import Engine
from souk.engine.doctor import diagnose, repair
from souk.runtime.derived import index_dir
from souk.store import schema as t
from tests.conftest import make_settings
from tests.support.corrupt import corrupt_sqlite_header, largest_segment_file, overwrite_middle

DOCS = [
    {"id": str(n), "title": f"red shoe {n}", "_vectors": {"default": [1.0, float(n), 2.0]}}
    for n in range(120)
]


def installed(tmp_path: Path) -> Settings:
    config = make_settings(tmp_path)
    with Engine(config) as engine:
        settings = {"embedders": {"default": {"source": "userProvided", "dimensions": 3}}}
        engine.wait_for_task(engine.create_index("shop", "id", settings).uid)
        engine.wait_for_task(engine.add_documents("shop", DOCS).uid)
        engine.wait_for_task(engine.add_documents("books", DOCS[:10], primary_key="id").uid)
    return config


def levels(config: Settings, uid: str) -> dict[str, str]:
    found = diagnose(config)
    index = next(i for i in found.indexes if i.uid == uid)
    return {f.check: f.level for f in index.findings}


def test_a_healthy_install_is_healthy(tmp_path: Path) -> None:
    config = installed(tmp_path)
    found = diagnose(config)
    assert found.healthy and found.store.ok and found.store.check == "integrity_check"
    assert found.repairs() == [] and found.advice() == []
    assert levels(config, "shop") == {
        "lexical files": "ok",
        "vectors/default files": "ok",
        "lexical": "ok",
        "vectors/default": "ok",
    }
    report = orjson.loads(orjson.dumps(found.to_dict()))
    assert report["healthy"] and [i["uid"] for i in report["indexes"]] == ["books", "shop"]


def test_damaged_files_are_broken_and_repaired(tmp_path: Path) -> None:
    config = installed(tmp_path)
    overwrite_middle(largest_segment_file(index_dir(config, "shop") / "lexical"))
    overwrite_middle(index_dir(config, "shop") / "vectors" / "default")
    found = diagnose(config)
    assert not found.healthy
    assert levels(config, "shop")["lexical files"] == "broken"
    assert levels(config, "shop")["vectors/default files"] == "broken"
    assert levels(config, "books")["lexical files"] == "ok"
    assert found.repairs() == [
        "rebuild the derived indexes of shop from the store (a reindex task)"
    ]
    done = repair(config, found)
    assert [(r.action, r.ok) for r in done] == [("rebuild shop from the store", True)]
    assert diagnose(config).healthy


def test_a_derived_index_disagreeing_with_the_store_is_broken(tmp_path: Path) -> None:
    """As after restoring an older copy of the store under newer derived indexes."""
    config = installed(tmp_path)
    with Engine(config) as engine, engine.store.transaction() as conn:
        conn.execute(delete(t.documents).where(t.documents.c.doc_id.in_(["1", "2", "3"])))
    shop = levels(config, "shop")
    assert shop["lexical"] == "broken" and shop["lexical files"] == "ok"
    index = next(i for i in diagnose(config).indexes if i.uid == "shop")
    assert "holds 120 documents, the store 117" in str(index.to_dict())
    repair(config, diagnose(config))
    assert levels(config, "shop")["lexical"] == "ok"


def test_a_damaged_store_is_reported_not_repaired(tmp_path: Path) -> None:
    config = installed(tmp_path)
    corrupt_sqlite_header(config.data_dir / "souk.db")
    found = diagnose(config)
    assert not found.healthy and found.store.problems == ["file is not a database"]
    assert found.repairs() == [] and repair(config, found) == []
    assert "souk restore" in found.advice()[0]


def test_an_orphan_directory_is_removed(tmp_path: Path) -> None:
    config = installed(tmp_path)
    orphan = config.data_dir / "indexes" / "gone"
    (orphan / "lexical").mkdir(parents=True)
    found = diagnose(config)
    assert found.orphans == [orphan] and not found.healthy
    assert [r.ok for r in repair(config, found)] == [True]
    assert not orphan.exists() and diagnose(config).healthy
