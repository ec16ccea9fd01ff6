"""Shared fixtures: engines on SQLite and on a real PostgreSQL the tests start themselves."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from souk.config import Settings
from tests.support.postgres import postgres_server

if TYPE_CHECKING:
    from souk.engine import Engine

os.environ.setdefault("SOUK_MODEL_THREADS", "1")


@pytest.fixture(autouse=True)
def _figures_elsewhere(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`souk eval` keeps its latest figures in SOUK_FIGURES_DIR: never the checkout in tests."""
    monkeypatch.setenv("SOUK_FIGURES_DIR", str(tmp_path_factory.getbasetemp() / "figures"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def make_settings(tmp_path: Path, database_url: str = "") -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, writer_heap_mb=32)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    from souk.engine import Engine

    with Engine(make_settings(tmp_path)) as eng:
        yield eng
