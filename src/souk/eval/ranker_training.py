"""Train a ranking model on graded judgments, with a query-disjoint held-out score.

The candidates and their features come through the search pipeline itself
(:meth:`SearchPipeline.ranking_candidates`), so what the model learns from is exactly what it
will see at search time. Queries are split by a hash of their text: a query lands on the same
side on every run and in every tool, and :func:`is_held_out` lets ``souk eval`` report the
shipped model's score on the queries it never saw.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from souk.eval.relevance import INDEX, Progress, judged_index, read_judgments, score_runs
from souk.eval.split import HELD_OUT_SHARE, is_held_out
from souk.search.pipeline import SearchPipeline
from souk.search.request import parse_search_request
from souk.search.rerank.features import FEATURE_NAMES

#: Gains are mapped to this many integer grades for LightGBM (linear gain kept).
GRADES = 30

DEFAULT_PARAMS: dict[str, Any] = {
    "objective": "lambdarank",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 200,
    "lambda_l2": 10.0,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 20,
    "num_threads": 1,
    "seed": 7,
    "deterministic": True,
    "verbose": -1,
}
DEFAULT_ROUNDS = 300


@dataclass
class CandidateTable:
    qids: list[str]
    sizes: np.ndarray
    features: np.ndarray
    gains: np.ndarray
    doc_ids: list[str]


@dataclass
class TrainingReport:
    held_out_ndcg_at_10: float
    train_ndcg_at_10: float
    held_out_queries: int
    train_queries: int
    candidates: int
    seconds: float
    importance: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "heldout_ndcg@10": round(self.held_out_ndcg_at_10, 4),
            "train_ndcg@10": round(self.train_ndcg_at_10, 4),
            "heldout_queries": self.held_out_queries,
            "train_queries": self.train_queries,
            "candidates": self.candidates,
            "seconds": round(self.seconds, 2),
            "importance": {k: round(v, 1) for k, v in self.importance.items()},
        }


def collect_candidates(
    catalog: Path,
    queries_path: Path,
    qrels_path: Path,
    *,
    settings: Mapping[str, Any] | None = None,
    semantic_ratio: float | None = None,
    embedding_cache: Path | None = None,
    progress: Progress | None = None,
) -> tuple[CandidateTable, dict[str, str], dict[str, dict[str, float]]]:
    """Index the catalog and collect every judged query's candidates, features and gains."""
    queries, qrels = read_judgments(queries_path, qrels_path)
    judged = [q for q, gains in qrels.items() if any(g > 0 for g in gains.values())]
    qids: list[str] = []
    sizes: list[int] = []
    blocks: list[np.ndarray] = []
    gains: list[float] = []
    doc_ids: list[str] = []
    with judged_index(
        catalog,
        settings,
        semantic_ratio=semantic_ratio,
        embedding_cache=embedding_cache,
        progress=progress,
    ) as engine:
        runtime = engine.runtime(INDEX)
        pipeline = SearchPipeline(runtime)
        for position, qid in enumerate(judged, start=1):
            params: dict[str, Any] = {"q": queries[qid]}
            if semantic_ratio:
                params["hybrid"] = {"semanticRatio": semantic_ratio}
            iids, matrix = pipeline.ranking_candidates(parse_search_request(params))
            bodies = runtime.lexical_documents(iids)
            ids = [str(bodies.get(i, {}).get("id")) for i in iids]
            qids.append(qid)
            sizes.append(len(iids))
            if iids:
                blocks.append(matrix)
            gains.extend(qrels[qid].get(doc, 0.0) for doc in ids)
            doc_ids.extend(ids)
            if progress is not None and position % 200 == 0:
                progress("collecting candidates", position, len(judged))
    table = CandidateTable(
        qids,
        np.asarray(sizes, dtype=np.int64),
        np.vstack(blocks) if blocks else np.zeros((0, len(FEATURE_NAMES))),
        np.asarray(gains, dtype=np.float64),
        doc_ids,
    )
    return table, queries, qrels


def save_table(table: CandidateTable, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(
            fh,
            qids=np.asarray(table.qids),
            sizes=table.sizes,
            features=table.features,
            gains=table.gains,
            doc_ids=np.asarray(table.doc_ids),
            names=np.asarray(FEATURE_NAMES),
        )


def load_table(path: Path) -> CandidateTable:
    data = np.load(path, allow_pickle=False)
    if tuple(str(n) for n in data["names"]) != FEATURE_NAMES:
        raise ValueError(f"{path} holds other features than this version computes; delete it")
    return CandidateTable(
        [str(q) for q in data["qids"]],
        data["sizes"],
        data["features"],
        data["gains"],
        [str(d) for d in data["doc_ids"]],
    )


def _ndcg(
    table: CandidateTable,
    scores: np.ndarray,
    mask: np.ndarray,
    qrels: Mapping[str, Mapping[str, float]],
) -> float:
    """nDCG@10 over the queries in ``mask``, scored by ranx like ``souk eval relevance``."""
    starts = np.concatenate([[0], np.cumsum(table.sizes)])
    runs: dict[str, dict[str, float]] = {}
    chosen: dict[str, Mapping[str, float]] = {}
    for k, qid in enumerate(table.qids):
        if not mask[k]:
            continue
        lo, hi = int(starts[k]), int(starts[k + 1])
        order = np.argsort(-scores[lo:hi], kind="stable")[:100]
        runs[qid] = {table.doc_ids[lo + j]: float(100 - rank) for rank, j in enumerate(order)}
        chosen[qid] = qrels[qid]
    if not chosen:
        return math.nan
    means, _ = score_runs(chosen, runs)
    return means["ndcg@10"]


def train_ranker(
    table: CandidateTable,
    queries: Mapping[str, str],
    qrels: Mapping[str, Mapping[str, float]],
    out: Path,
    *,
    rounds: int = DEFAULT_ROUNDS,
    params: Mapping[str, Any] | None = None,
    held_out_share: float = HELD_OUT_SHARE,
    drop: frozenset[str] = frozenset(),
) -> TrainingReport:
    """Train on the non-held-out queries, score both sides, write the model to ``out``.

    Features named in ``drop`` are blanked (NaN) in training and scoring, to measure what
    each signal is worth.
    """
    import lightgbm

    started = time.perf_counter()
    unknown = drop - set(FEATURE_NAMES)
    if unknown:
        raise ValueError(f"unknown features: {', '.join(sorted(unknown))}")
    if drop:
        matrix = table.features.copy()
        matrix[:, [FEATURE_NAMES.index(name) for name in drop]] = np.nan
        table = CandidateTable(table.qids, table.sizes, matrix, table.gains, table.doc_ids)
    held = np.array([is_held_out(queries[q], held_out_share) for q in table.qids], dtype=bool)
    row_held = np.repeat(held, table.sizes)
    top = float(table.gains.max()) if table.gains.size else 1.0
    top = top if top > 0 else 1.0
    labels = np.rint(np.clip(table.gains, 0.0, None) / top * GRADES).astype(np.int64)
    train_sizes = table.sizes[~held]
    dataset = lightgbm.Dataset(
        table.features[~row_held],
        labels[~row_held],
        group=train_sizes[train_sizes > 0],
        feature_name=list(FEATURE_NAMES),
        free_raw_data=False,
    )
    config = {
        **DEFAULT_PARAMS,
        **(params or {}),
        "label_gain": [g * top / GRADES for g in range(GRADES + 1)],
    }
    booster = lightgbm.train(config, dataset, num_boost_round=rounds)
    scores = np.asarray(booster.predict(table.features, num_threads=1), dtype=np.float64)
    out.parent.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(out))
    gains = booster.feature_importance("gain")
    importance = dict(
        sorted(
            zip(FEATURE_NAMES, (float(g) for g in gains), strict=True),
            key=lambda kv: -kv[1],
        )
    )
    return TrainingReport(
        _ndcg(table, scores, held, qrels),
        _ndcg(table, scores, ~held, qrels),
        int(held.sum()),
        int((~held).sum()),
        int(table.sizes.sum()),
        time.perf_counter() - started,
        importance,
    )
