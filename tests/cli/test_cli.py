"""The CLI: commands work end to end, print JSON for scripts, and are all documented."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

import souk.cli
from souk.cli import app

runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"


def command_paths() -> list[str]:
    """Every leaf command as it is typed, e.g. ``index create``."""
    root = get_command(app)
    paths: list[str] = []

    def walk(command: object, prefix: list[str]) -> None:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                walk(child, [*prefix, name])
        else:
            paths.append(" ".join(prefix))

    walk(root, [])
    return sorted(paths)


def test_every_command_is_documented_in_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [p for p in command_paths() if not re.search(rf"souk {re.escape(p)}\b", text)]
    assert not missing, f"undocumented CLI commands: {missing}"


def module_typers() -> dict[str, typer.Typer]:
    """Every Typer defined in a module of the CLI package, by ``module.name``."""
    found: dict[str, typer.Typer] = {}
    for info in pkgutil.iter_modules(souk.cli.__path__):
        if info.name == "__main__":  # importing it runs the app
            continue
        module = importlib.import_module(f"souk.cli.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, typer.Typer):
                found[f"{info.name}.{name}"] = value
    return found


def test_every_cli_module_is_assembled_into_the_app() -> None:
    """The README check above walks `app`: every command of every module must hang from it."""
    reachable: list[typer.Typer] = []

    def walk(typer_app: typer.Typer) -> None:
        reachable.append(typer_app)
        for group in typer_app.registered_groups:
            assert group.typer_instance is not None
            walk(group.typer_instance)

    walk(app)
    typers = module_typers()
    assert typers, "no command modules found"
    assert [name for name, t in typers.items() if not any(t is r for r in reachable)] == []
    defined = sum(len(t.registered_commands) for t in typers.values())
    assert defined == len(command_paths())


@pytest.fixture
def data_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOUK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOUK_WRITER_HEAP_MB", "32")
    return tmp_path


def run(*args: str) -> object:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def test_cli_tour(data_env: Path) -> None:
    catalog = data_env / "demo.ndjson"
    summary = run("demo", "generate", "--count", "300", "--out", str(catalog), "--json")
    assert summary["products"] == 300  # type: ignore[index]
    run("index", "create", "shop", "--primary-key", "id", "--json")
    run(
        "settings",
        "set",
        "--index",
        "shop",
        '{"embedders": {}, "filterableAttributes": ["color", "price"], '
        '"sortableAttributes": ["price"]}',
        "--json",
    )
    ingest = run("ingest", str(catalog), "--index", "shop", "--batch-size", "100", "--json")
    assert ingest["indexedDocuments"] == 300 and ingest["failed"] == 0  # type: ignore[index]
    result = run(
        "search",
        "shoes",
        "--index",
        "shop",
        "--filter",
        "price < 500",
        "--facets",
        "color",
        "--sort",
        "price:asc",
        "--limit",
        "5",
        "--json",
    )
    prices = [h["price"] for h in result["hits"]]  # type: ignore[index]
    assert prices == sorted(prices)
    assert "color" in result["facetDistribution"]  # type: ignore[index]
    shown = run("index", "show", "shop", "--json")
    assert shown["numberOfDocuments"] == 300  # type: ignore[index]
    listed = run("index", "list", "--json")
    assert [row["uid"] for row in listed] == ["shop"]  # type: ignore[union-attr,index]
    settings = json.loads(runner.invoke(app, ["settings", "get", "--index", "shop"]).stdout)
    assert settings["sortableAttributes"] == ["price"]
    doc = json.loads(runner.invoke(app, ["documents", "get", "p000001", "--index", "shop"]).stdout)
    assert doc["id"] == "p000001"
    run("documents", "delete", "--index", "shop", "p000001", "--json")
    run("documents", "delete", "--index", "shop", "--filter", "color = red", "--json")
    tasks = run("tasks", "--index", "shop", "--json")
    assert all(t["status"] == "succeeded" for t in tasks)  # type: ignore[union-attr,index]
    run("reindex", "--index", "shop", "--json")
    text = run("search", "shoes", "--index", "shop")
    assert "hits in" in str(text)
    run("index", "delete", "shop", "--json")


def test_cli_reports_bad_input(data_env: Path) -> None:
    bad = data_env / "bad.csv"
    bad.write_text("id,title,price:number\n1,ok,3\n2,bad,abc\n")
    result = runner.invoke(app, ["ingest", str(bad), "--index", "x", "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["failed"] == 1
    assert "bad.csv line 3" in summary["errors"][0]["message"]
    assert "price" in summary["errors"][0]["message"]
    result = runner.invoke(app, ["search", "x", "--index", "missing", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "index_not_found"
