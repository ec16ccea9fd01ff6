"""``souk serve``'s master key: from the environment or a file, never needed on the command
line (where ``ps`` shows it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import souk.api.server
from souk.cli import app

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What ``serve`` would start the server with (the server itself is not started)."""
    seen: dict[str, Any] = {}
    monkeypatch.setattr(souk.api.server, "run_server", lambda **kwargs: seen.update(kwargs))
    monkeypatch.delenv("SOUK_MASTER_KEY", raising=False)
    monkeypatch.delenv("SOUK_MASTER_KEY_FILE", raising=False)
    return seen


def test_the_key_comes_from_a_file(tmp_path: Path, served: dict[str, Any]) -> None:
    key_file = tmp_path / "master.key"
    key_file.write_text("s3cret-key-0123456789\n")
    result = runner.invoke(app, ["serve", "--master-key-file", str(key_file)])
    assert result.exit_code == 0, result.output
    assert served["master_key"] == "s3cret-key-0123456789"
    assert "warning" not in result.output


def test_the_key_comes_from_the_environment_without_a_warning(served: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve"], env={"SOUK_MASTER_KEY": "from-the-env-0123456"})
    assert result.exit_code == 0 and served["master_key"] == "from-the-env-0123456"
    assert "warning" not in result.output


def test_a_key_on_the_command_line_works_but_warns(served: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve", "--master-key", "on-the-command-line-0"])
    assert result.exit_code == 0 and served["master_key"] == "on-the-command-line-0"
    assert "SOUK_MASTER_KEY" in result.output and "ps" in result.output


def test_an_empty_or_missing_key_file_is_a_clear_error(
    tmp_path: Path, served: dict[str, Any]
) -> None:
    empty = tmp_path / "empty.key"
    empty.write_text("\n")
    result = runner.invoke(app, ["serve", "--master-key-file", str(empty)])
    assert result.exit_code != 0 and "empty" in result.output and not served
    result = runner.invoke(app, ["serve", "--master-key-file", str(tmp_path / "nope")])
    assert result.exit_code != 0 and "cannot" in result.output and not served
