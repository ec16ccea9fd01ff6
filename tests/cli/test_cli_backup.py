"""`souk dump`, `souk restore` and `souk serve --import-dump`: a shop moved by its files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from souk.api.server import import_at_start
from souk.cli import app
from souk.config import Settings
from souk.engine import Engine
from tests.conftest import make_settings

runner = CliRunner()


def _use(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    monkeypatch.setenv("SOUK_DATA_DIR", str(data_dir))
    monkeypatch.setenv("SOUK_WRITER_HEAP_MB", "32")


def _json(args: list[str], code: int = 0) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


@pytest.fixture
def dumped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shop of three products, dumped with `souk dump --json`."""
    with Engine(make_settings(tmp_path / "old")) as engine:
        engine.wait_for_task(engine.create_index("shop", "id", {"embedders": {}}).uid)
        docs = [{"id": n, "title": f"red shoe {n}"} for n in range(3)]
        engine.wait_for_task(engine.add_documents("shop", docs).uid)
    _use(monkeypatch, tmp_path / "old" / "data")
    task = _json(["dump", "--json"])
    assert task["type"] == "dumpCreation" and task["status"] == "succeeded"
    path = Path(task["path"])
    assert path.name == f"{task['details']['dumpUid']}.dump" and path.exists()
    return path


def test_dump_then_restore(dumped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, tmp_path / "new")
    summary = _json(["restore", str(dumped), "--json"])
    assert summary["rows"]["souk_documents"] == 3 and summary["indexesRebuilt"] == 1
    found = _json(["search", "shoe", "--index", "shop", "--json"])
    assert sorted(h["id"] for h in found["hits"]) == [0, 1, 2]
    # a second restore would overwrite the shop: refused without --force
    refused = _json(["restore", str(dumped), "--json"], code=1)
    assert refused["error"]["code"] == "restore_target_not_empty"
    assert _json(["restore", str(dumped), "--force", "--json"])["rows"]["souk_indexes"] == 1
    text = runner.invoke(app, ["restore", str(dumped), "--force"])
    assert text.exit_code == 0 and "3 documents" in " ".join(text.stdout.split())


def test_a_bad_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, tmp_path / "new")
    bad = tmp_path / "shop.dump"
    bad.write_text("not a dump")
    refused = _json(["restore", str(bad), "--json"], code=1)
    assert refused["error"]["code"] == "invalid_dump" and str(bad) in refused["error"]["message"]
    assert not (tmp_path / "new").exists()  # refused before anything was created


def test_serve_imports_a_dump_into_an_empty_store_only(
    dumped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(monkeypatch, tmp_path / "served")  # what `souk serve` reads
    import_at_start(dumped, None)
    with Engine(Settings()) as engine:
        assert engine.search("shop", q="shoe")["estimatedTotalHits"] == 3
    with pytest.raises(SystemExit) as refused:
        import_at_start(dumped, None)
    assert "restore_target_not_empty" in str(refused.value)
    with pytest.raises(SystemExit) as wrong:
        import_at_start(None, dumped)
    assert "it is a dump, not a snapshot" in str(wrong.value)


def test_serve_refuses_to_start_on_data_with_a_dump(dumped: Path, tmp_path: Path) -> None:
    """The real command: exits with the reason before it listens."""
    data_dir = dumped.parent.parent  # the dumped shop's own data directory
    env = {**os.environ, "SOUK_DATA_DIR": str(data_dir)}
    env.pop("SOUK_DATABASE_URL", None)
    command = [sys.executable, "-c", "from souk.cli import app; app()"]
    done = subprocess.run(
        [*command, "serve", "--port", "1", "--import-dump", str(dumped)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "restore_target_not_empty" in done.stderr and "already holds data" in done.stderr
