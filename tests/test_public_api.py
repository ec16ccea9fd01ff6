"""The package's public surface: a small, sorted ``__all__`` that works as documented."""

from __future__ import annotations

from pathlib import Path

import souk


def test_all_is_sorted_and_importable() -> None:
    assert list(souk.__all__) == sorted(souk.__all__)
    for name in souk.__all__:
        assert hasattr(souk, name)


def test_docstring_example_runs(tmp_path: Path) -> None:
    with souk.Engine(souk.Settings(data_dir=tmp_path, writer_heap_mb=32)) as engine:
        engine.wait_for_task(engine.create_index("products", "id", {"embedders": {}}).uid)
        engine.wait_for_task(engine.add_documents("products", [{"id": 1, "title": "Red shoe"}]).uid)
        assert engine.search("products", q="red shoes", limit=5)["hits"][0]["id"] == 1
