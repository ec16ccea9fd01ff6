"""`souk eval recs`: the full-ranking protocol on generated sequences, and file errors."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from souk.cli import app
from souk.errors import SoukError
from souk.eval.recs import evaluate_sequences, read_sequences
from souk.recommend.blender import Blender
from souk.recommend.models import Popularity


def write_sequences(path: Path, users: int = 300, seed: int = 1) -> Path:
    """Shoppers walk a chain of 60 items from a random start: the next item is predictable."""
    rng = random.Random(seed)
    lines = []
    for user in range(users):
        start = rng.randrange(60)
        length = rng.randint(4, 8)
        lines.append(" ".join([f"u{user}", *(str((start + k) % 60 + 1) for k in range(length))]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_predictable_catalog_scores_near_perfect(tmp_path: Path) -> None:
    sequences = read_sequences(write_sequences(tmp_path / "seq.txt"))
    report = evaluate_sequences(sequences)
    assert report.users == 300 and report.items == 60
    assert report.metrics["HR@10"] > 0.95
    assert report.metrics["NDCG@10"] > 0.9
    assert report.metrics["HR@20"] >= report.metrics["HR@10"]


def test_validation_split_predicts_the_second_last_item(tmp_path: Path) -> None:
    sequences = {"u1": ["a", "b", "c"], "u2": ["a", "b", "c"], "u3": ["a", "b", "c"]}
    valid = evaluate_sequences(sequences, split="valid")
    assert valid.metrics["HR@10"] == 1.0  # b follows a for everyone


def test_ties_count_against_the_target() -> None:
    """Equal scores put the target behind its equals (an optimistic tie-break would say 1.0)."""
    sequences = {"u0": ["a", "b"], "u1": ["b", "c"], "u2": ["c", "a"]}
    report = evaluate_sequences(
        sequences,
        blender_factory=lambda: Blender([Popularity()], {"for-user": {"popularity": 1.0}}),
    )
    # each target ties with the one other unmasked item: rank 1, nDCG 1/log2(3)
    assert report.metrics["NDCG@10"] == pytest.approx(1 / math.log2(3))


def test_bad_files_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("u1 1 2 3\nu2\n", encoding="utf-8")
    with pytest.raises(SoukError, match=r"bad.txt:2: expected `user_id item1 item2 \.\.\.`"):
        read_sequences(bad)
    twice = tmp_path / "twice.txt"
    twice.write_text("u1 1 2\nu1 3 4\n", encoding="utf-8")
    with pytest.raises(SoukError, match=r"twice\.txt:2: user 'u1' appears twice"):
        read_sequences(twice)
    with pytest.raises(SoukError, match="does not exist"):
        read_sequences(tmp_path / "missing.txt")


def test_the_cli_prints_json(tmp_path: Path) -> None:
    path = write_sequences(tmp_path / "seq.txt", users=100)
    result = CliRunner().invoke(app, ["eval", "recs", "--sequences", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= {"HR@10", "NDCG@10", "HR@20", "NDCG@20", "seconds", "users"}
    assert 0 < report["NDCG@10"] <= report["HR@10"] <= 1
