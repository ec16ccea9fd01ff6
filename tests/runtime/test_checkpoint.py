"""Checkpoints are written atomically and unreadable ones read as 'nothing applied'."""

from __future__ import annotations

from pathlib import Path

from souk.runtime.checkpoint import Checkpoint


def test_roundtrip_and_corruption(tmp_path: Path) -> None:
    path = tmp_path / "idx" / "checkpoint.json"
    assert Checkpoint.load(path) == Checkpoint()
    Checkpoint(
        lexical_task=7,
        lexical_layout="abc",
        vector_task={"default": 6},
        vector_config={"default": "f"},
    ).save(path)
    loaded = Checkpoint.load(path)
    assert loaded.lexical_task == 7 and loaded.vector_task == {"default": 6}
    assert not list(path.parent.glob(".checkpoint.*")), "no temporary file left behind"
    path.write_text("{half")
    assert Checkpoint.load(path).lexical_task == -1
