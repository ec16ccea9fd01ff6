"""The layering is a tested property: import contracts (pyproject.toml) and the error table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

from souk.errors import Code, ErrorType, SoukError

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "souk"


@pytest.mark.parametrize("contract", ["layers", "no-cycles"])
def test_import_contracts_are_kept(contract: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module importing a layer above its own, or two siblings importing each other, fails."""
    monkeypatch.chdir(ROOT)
    assert (
        lint_imports(
            config_filenames=(str(ROOT / "pyproject.toml"),),
            limit_to_contracts=(contract,),
            no_cache=True,
            no_logo=True,
        )
        == 0
    )


def _literal_codes() -> set[str]:
    """Every error code the source passes to SoukError as a literal."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "SoukError"):
                continue
            if len(node.args) < 2:
                continue
            code = node.args[1]
            branches = [code.body, code.orelse] if isinstance(code, ast.IfExp) else [code]
            for branch in branches:
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    found.add(branch.value)
    return found


def test_every_error_code_in_the_source_is_in_the_table() -> None:
    codes = _literal_codes()
    assert len(codes) > 50
    assert sorted(c for c in codes if Code.of(c) is None) == []


def test_the_table_gives_status_and_type() -> None:
    assert SoukError("x", "index_not_found").status == 404
    assert SoukError("x", Code.INVALID_API_KEY).to_dict()["type"] == ErrorType.AUTH
    assert SoukError("x", "internal").status == 500
    assert all(re.fullmatch(r"[a-z_]+", code.value) for code in Code)


def test_families_of_codes_are_complete() -> None:
    """Codes built from a parameter name (``invalid_settings_<setting>`` …) are all listed."""
    from souk.store.settings import _SNAKE
    from souk.store.task_filter import _DATE_PARAMS

    for snake in _SNAKE.values():
        assert Code.of(f"invalid_settings_{snake}") is not None, snake
    for name in _DATE_PARAMS:
        snake = "".join("_" + c.lower() if c.isupper() else c for c in name)
        assert Code.of(f"invalid_task_{snake}") is not None, name
