"""`souk doctor` from the command line, and a damaged store met by any command: one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from souk.cli import app
from souk.engine import Engine
from souk.runtime.derived import index_dir
from tests.conftest import make_settings
from tests.support.corrupt import corrupt_sqlite_header, largest_segment_file, overwrite_middle

runner = CliRunner()
DOCS = [{"id": str(n), "title": f"red shoe {n}"} for n in range(50)]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = make_settings(tmp_path)
    with Engine(config) as engine:
        engine.wait_for_task(engine.add_documents("shop", DOCS, primary_key="id").uid)
    monkeypatch.setenv("SOUK_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("SOUK_WRITER_HEAP_MB", "32")
    return config.data_dir


def test_doctor_says_healthy_then_broken_then_repairs(data_dir: Path) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "healthy" in result.output and "integrity_check ok" in result.output

    overwrite_middle(largest_segment_file(data_dir / "indexes" / "shop" / "lexical"))
    result = runner.invoke(app, ["doctor", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert not report["healthy"] and report["repaired"] == []
    assert report["repairs"] == [
        "rebuild the derived indexes of shop from the store (a reindex task)"
    ]
    [shop] = report["indexes"]
    assert shop["level"] == "broken" and shop["findings"][0]["check"] == "lexical files"
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1 and "souk doctor --repair" in result.output

    result = runner.invoke(app, ["doctor", "--repair", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["healthy"] and report["repaired"][0]["ok"]


def one_line(output: str, db: Path) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith(f"souk: the store {db} is corrupt (file is not a database); ")
    assert "souk doctor" in lines[0]
    return lines[0]


@pytest.mark.parametrize("command", [["index", "list"], ["search", "shoe", "-i", "shop"]])
def test_a_damaged_store_is_one_line_for_any_command(data_dir: Path, command: list[str]) -> None:
    corrupt_sqlite_header(data_dir / "souk.db")
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    one_line(result.output, (data_dir / "souk.db").resolve())


def test_serve_stops_before_listening_on_a_damaged_store(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def no_server(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the server started on a damaged store")

    monkeypatch.setattr(uvicorn, "run", no_server)
    corrupt_sqlite_header(data_dir / "souk.db")
    result = runner.invoke(app, ["serve", "--port", "7799"])
    assert result.exit_code == 1
    assert one_line(result.output.splitlines()[-1], (data_dir / "souk.db").resolve())


def test_the_real_command_prints_one_line_on_stderr(data_dir: Path) -> None:
    corrupt_sqlite_header(data_dir / "souk.db")
    done = subprocess.run(
        [sys.executable, "-m", "souk.cli", "tasks"],
        capture_output=True,
        text=True,
        env={**os.environ, "SOUK_DATA_DIR": str(data_dir)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    one_line(done.stderr, (data_dir / "souk.db").resolve())
    assert index_dir(make_settings(data_dir.parent), "shop").exists()  # nothing was touched
