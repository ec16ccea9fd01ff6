"""Fixtures shared by the search stages' tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from souk.engine import Engine
from souk.runtime.index_runtime import IndexRuntime
from tests.search.tiny import UID, build_tiny


@pytest.fixture(scope="module")
def tiny_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = build_tiny(tmp_path_factory.mktemp("tiny"))
    yield engine
    engine.close()


@pytest.fixture
def tiny(tiny_engine: Engine) -> IndexRuntime:
    return tiny_engine.runtime(UID)
