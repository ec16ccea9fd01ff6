"""Training a ranking model through the search pipeline, with a query-disjoint split."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from souk.eval.ranker_training import (
    collect_candidates,
    load_table,
    save_table,
    train_ranker,
)
from souk.eval.split import is_held_out
from souk.search.rerank.features import FEATURE_NAMES
from souk.search.rerank.model import RankingModel

KINDS = ["drill", "saw", "hammer", "ladder", "faucet", "toilet", "paint", "brush", "hose", "lamp"]
MODIFIERS = ["cordless", "steel", "white", "outdoor", "heavy duty", "compact", "brass", "led"]


def judged_catalog(root: Path) -> tuple[Path, Path, Path]:
    rng = random.Random(5)
    docs, queries, qrels = [], [], []
    for i in range(120):
        kind, mod = KINDS[i % len(KINDS)], rng.choice(MODIFIERS)
        docs.append(f'{{"id": {i}, "title": "Acme {mod} {kind} model {i}"}}')
    for q, (kind, mod) in enumerate((k, m) for k in KINDS for m in MODIFIERS[:4]):
        queries.append(f"q{q}\t{mod} {kind}")
        for i in range(120):
            title_kind = KINDS[i % len(KINDS)]
            if title_kind == kind:
                qrels.append(f"q{q} 0 {i} {2 if mod in docs[i] else 1}")
    paths = root / "docs.jsonl", root / "queries.tsv", root / "qrels.txt"
    for path, lines in zip(paths, (docs, queries, qrels), strict=True):
        path.write_text("\n".join(lines) + "\n")
    return paths


def test_split_is_stable_and_roughly_half() -> None:
    queries = [f"query number {i}" for i in range(2000)]
    held = [is_held_out(q) for q in queries]
    assert held == [is_held_out(q) for q in queries]
    assert 0.45 < sum(held) / len(held) < 0.55
    assert is_held_out(" Angle Bracket ") == is_held_out("angle bracket")


def test_collect_train_and_reload(tmp_path: Path) -> None:
    docs, queries, qrels = judged_catalog(tmp_path)
    table, texts, judgments = collect_candidates(docs, queries, qrels)
    assert table.features.shape == (int(table.sizes.sum()), len(FEATURE_NAMES))
    assert len(table.doc_ids) == table.features.shape[0] == table.gains.shape[0]
    assert (table.gains > 0).any()

    save_table(table, tmp_path / "table.npz")
    again = load_table(tmp_path / "table.npz")
    assert again.qids == table.qids and again.doc_ids == table.doc_ids

    out = tmp_path / "model.txt"
    report = train_ranker(again, texts, judgments, out, rounds=5, params={"min_data_in_leaf": 5})
    assert report.train_queries + report.held_out_queries == len(table.qids)
    assert not math.isnan(report.held_out_ndcg_at_10) and 0 <= report.held_out_ndcg_at_10 <= 1
    assert set(report.importance) == set(FEATURE_NAMES)
    model = RankingModel.from_file(out)
    assert model.predict(table.features[:3]).shape == (3,)

    with pytest.raises(ValueError, match="unknown features"):
        train_ranker(again, texts, judgments, out, rounds=1, drop=frozenset({"nope"}))
