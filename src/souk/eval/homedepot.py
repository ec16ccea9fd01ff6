"""The Home Depot graded search judgments, turned into docs/queries/qrels files.

Protocol (the issue's, so figures compare with its anchors): documents are the unique
``product_uid`` with ``product_title``; queries are the unique lower-cased, stripped
``search_term``; a (query, product) pair's gain is the mean ``relevance`` minus 1.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from souk.eval.datasets import write_docs, write_qrels, write_queries


def convert_homedepot(parquet: Path, out_dir: Path) -> tuple[Path, Path, Path]:
    """Write ``docs.jsonl``, ``queries.tsv`` and ``qrels.txt`` into ``out_dir``."""
    table = pq.read_table(
        parquet, columns=["product_uid", "product_title", "search_term", "relevance"]
    )
    titles: dict[int, str] = {}
    query_ids: dict[str, str] = {}
    grades: dict[tuple[str, int], list[float]] = defaultdict(list)
    for row in table.to_pylist():
        uid = int(row["product_uid"])
        titles.setdefault(uid, str(row["product_title"]))
        term = str(row["search_term"]).lower().strip()
        qid = query_ids.setdefault(term, f"q{len(query_ids) + 1}")
        grades[(qid, uid)].append(float(row["relevance"]))
    qrels: dict[str, dict[str, float]] = defaultdict(dict)
    for (qid, uid), values in grades.items():
        qrels[qid][str(uid)] = sum(values) / len(values) - 1.0
    out_dir.mkdir(parents=True, exist_ok=True)
    docs, queries, judgments = (
        out_dir / "docs.jsonl",
        out_dir / "queries.tsv",
        out_dir / "qrels.txt",
    )
    write_docs(docs, iter({"id": uid, "title": title} for uid, title in titles.items()))
    write_queries(queries, {qid: term for term, qid in query_ids.items()})
    write_qrels(judgments, qrels)
    return docs, queries, judgments
