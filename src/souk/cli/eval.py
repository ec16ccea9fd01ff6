"""`souk eval relevance|homedepot|train-ranker|recs`: measure search and recommendations."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from souk.cli.common import JsonOpt, console, fail, print_json, stage_progress
from souk.errors import SoukError

app = typer.Typer(
    help="Measure relevance (graded judgments) and recommendations (sequences).",
    no_args_is_help=True,
)

RankerOpt = Annotated[
    str,
    typer.Option(
        "--ranker", help="learned (the shipped model) or rules (Meilisearch's rule buckets)."
    ),
]
EmbeddingCacheOpt = Annotated[
    Path,
    typer.Option("--embedding-cache", help="Directory keeping vectors by text between runs."),
]
DEFAULT_EMBEDDING_CACHE = Path("data/eval/embeddings")


@app.command("relevance")
def eval_relevance(
    catalog: Annotated[Path, typer.Option("--catalog", exists=True, help="docs.jsonl")],
    queries: Annotated[Path, typer.Option("--queries", exists=True, help="qid<TAB>query")],
    qrels: Annotated[Path, typer.Option("--qrels", exists=True, help="TREC qrels")],
    settings_file: Annotated[
        Path | None, typer.Option("--settings", exists=True, help="index settings JSON")
    ] = None,
    semantic_ratio: Annotated[
        float | None, typer.Option("--semantic-ratio", min=0.0, max=1.0)
    ] = None,
    per_query: Annotated[
        Path | None, typer.Option("--per-query", help="write per-query TSV")
    ] = None,
    strategy: Annotated[str, typer.Option("--matching-strategy")] = "last",
    ranker: RankerOpt = "learned",
    embedding_cache: EmbeddingCacheOpt = DEFAULT_EMBEDDING_CACHE,
    as_json: JsonOpt = False,
) -> None:
    """nDCG@10, recall@100 and MRR@10 of souk on a judged catalog (full retrieval)."""
    _relevance(
        catalog,
        queries,
        qrels,
        settings_file=settings_file,
        semantic_ratio=semantic_ratio,
        strategy=strategy,
        ranker=ranker,
        embedding_cache=embedding_cache,
        per_query=per_query,
        as_json=as_json,
    )


@app.command("homedepot")
def eval_homedepot(
    data: Annotated[Path, typer.Option("--data", exists=True, help="judgments.parquet")] = Path(
        "../shared/data/homedepot/judgments.parquet"
    ),
    work_dir: Annotated[
        Path, typer.Option("--work-dir", help="where the files are written")
    ] = Path("data/eval/homedepot"),
    settings_file: Annotated[Path | None, typer.Option("--settings", exists=True)] = None,
    semantic_ratio: Annotated[
        float | None, typer.Option("--semantic-ratio", min=0.0, max=1.0)
    ] = None,
    per_query: Annotated[Path | None, typer.Option("--per-query")] = None,
    strategy: Annotated[str, typer.Option("--matching-strategy")] = "last",
    ranker: RankerOpt = "learned",
    embedding_cache: EmbeddingCacheOpt = DEFAULT_EMBEDDING_CACHE,
    as_json: JsonOpt = False,
) -> None:
    """Convert the Home Depot judgments (docs, queries, qrels) and evaluate on them."""
    from souk.eval.homedepot import convert_homedepot

    docs, queries, qrels = convert_homedepot(data, work_dir)
    _relevance(
        docs,
        queries,
        qrels,
        settings_file=settings_file,
        semantic_ratio=semantic_ratio,
        strategy=strategy,
        ranker=ranker,
        embedding_cache=embedding_cache,
        per_query=per_query,
        as_json=as_json,
    )


@app.command("train-ranker")
def eval_train_ranker(
    catalog: Annotated[Path | None, typer.Option("--catalog", exists=True)] = None,
    queries: Annotated[Path | None, typer.Option("--queries", exists=True)] = None,
    qrels: Annotated[Path | None, typer.Option("--qrels", exists=True)] = None,
    homedepot: Annotated[
        Path | None,
        typer.Option("--homedepot", exists=True, help="judgments.parquet instead of 3 files"),
    ] = None,
    work_dir: Annotated[Path, typer.Option("--work-dir")] = Path("data/eval/homedepot"),
    semantic_ratio: Annotated[
        float | None,
        typer.Option("--semantic-ratio", min=0.0, max=1.0, help="> 0 trains the hybrid model"),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="where the LightGBM model is written")] = Path(
        "data/eval/ranker.txt"
    ),
    rounds: Annotated[int, typer.Option("--rounds", min=1)] = 300,
    table_path: Annotated[
        Path | None,
        typer.Option("--table", help="candidate/feature table: loaded if present, else saved"),
    ] = None,
    drop: Annotated[
        str, typer.Option("--drop", help="comma-separated features to leave out (ablation)")
    ] = "",
    embedding_cache: EmbeddingCacheOpt = DEFAULT_EMBEDDING_CACHE,
    as_json: JsonOpt = False,
) -> None:
    """Train a ranking model on judgments; report its score on held-out queries."""
    from souk.eval.ranker_training import (
        collect_candidates,
        load_table,
        save_table,
        train_ranker,
    )
    from souk.eval.relevance import read_judgments

    if homedepot is not None:
        from souk.eval.homedepot import convert_homedepot

        catalog, queries, qrels = convert_homedepot(homedepot, work_dir)
    if catalog is None or queries is None or qrels is None:
        fail(
            SoukError("give --catalog, --queries and --qrels, or --homedepot", "bad_request"),
            as_json,
        )
    if table_path is not None and table_path.exists():
        table = load_table(table_path)
        query_text, judgments = read_judgments(queries, qrels)
    else:
        progress = stage_progress(as_json)
        try:
            table, query_text, judgments = collect_candidates(
                catalog,
                queries,
                qrels,
                semantic_ratio=semantic_ratio,
                embedding_cache=embedding_cache,
                progress=progress,
            )
        finally:
            if progress is not None:
                progress.progress.stop()
        if table_path is not None:
            save_table(table, table_path)
    dropped = frozenset(name.strip() for name in drop.split(",") if name.strip())
    try:
        report = train_ranker(table, query_text, judgments, out, rounds=rounds, drop=dropped)
    except ValueError as exc:
        fail(SoukError(str(exc), "bad_request"), as_json)
    figures = {**report.to_dict(), "model": str(out)}
    if as_json:
        print_json(figures)
        return
    console.print(
        f"held-out nDCG@10 [bold]{figures['heldout_ndcg@10']:.4f}[/bold] over "
        f"{figures['heldout_queries']} queries (train half {figures['train_ndcg@10']:.4f}); "
        f"model written to {out}"
    )


@app.command("recs")
def eval_recs(
    sequences: Annotated[
        Path,
        typer.Option(
            "--sequences", exists=True, dir_okay=False, help="user item1 item2 ... per line"
        ),
    ],
    split: Annotated[
        str, typer.Option("--split", help="test (last item) or valid (second last, for tuning)")
    ] = "test",
    as_json: JsonOpt = False,
) -> None:
    """Next-item recommendation, full ranking (S3-Rec/ICLRec protocol): HR and NDCG @10/@20."""
    from souk.eval.recs import evaluate_sequences, read_sequences

    progress = stage_progress(as_json)
    try:
        report = evaluate_sequences(
            read_sequences(sequences),
            split=split,
            progress=None if progress is None else (lambda d, n: progress("users ranked", d, n)),
        )
    except SoukError as exc:
        fail(exc, as_json)
    finally:
        if progress is not None:
            progress.progress.stop()
    result = report.to_dict()
    if as_json:
        print_json(result)
        return
    table = Table(
        title=f"{sequences.name} ({split}: {report.users:,} users, {report.items:,} items)"
    )
    for column in ("HR@10", "NDCG@10", "HR@20", "NDCG@20", "seconds"):
        table.add_column(column)
    table.add_row(*(str(result[c]) for c in ("HR@10", "NDCG@10", "HR@20", "NDCG@20", "seconds")))
    console.print(table)


def _relevance(
    catalog: Path,
    queries: Path,
    qrels: Path,
    *,
    settings_file: Path | None,
    semantic_ratio: float | None,
    strategy: str,
    ranker: str,
    embedding_cache: Path,
    per_query: Path | None,
    as_json: bool,
) -> None:
    """Evaluate on judged files with progress bars, then report (and keep) the figures."""
    from souk.eval.relevance import evaluate_relevance

    index_settings = json.loads(settings_file.read_text()) if settings_file else None
    progress = stage_progress(as_json)
    try:
        report = evaluate_relevance(
            catalog,
            queries,
            qrels,
            settings=index_settings,
            semantic_ratio=semantic_ratio,
            matching_strategy=strategy,
            ranker=ranker,
            embedding_cache=embedding_cache,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.progress.stop()
    _eval_report(report, as_json, per_query, queries)


def _eval_report(report: Any, as_json: bool, per_query: Path | None, queries: Path) -> None:
    from souk.eval.datasets import read_queries
    from souk.eval.relevance import write_per_query

    if per_query is not None:
        write_per_query(per_query, report, read_queries(queries))
    _keep_latest("relevance-latest.json", report.to_dict())
    if as_json:
        print_json(report.to_dict())
        return
    figures = report.to_dict()
    console.print(
        f"nDCG@10 [bold]{figures['ndcg@10']:.4f}[/bold]  recall@100 {figures['recall@100']:.4f}"
        f"  MRR@10 {figures['mrr@10']:.4f}  over {figures['queries']} queries "
        f"in {figures['seconds']}s"
    )
    held = figures.get("heldout")
    if held:
        console.print(
            f"held-out half (queries the shipped ranking models never saw): nDCG@10 "
            f"[bold]{held['ndcg@10']:.4f}[/bold] over {int(held['queries'])} queries"
        )


def _keep_latest(name: str, figures: dict[str, Any]) -> None:
    """Keep the latest figures where the admin page looks (SOUK_FIGURES_DIR, bench/results)."""
    folder = Path(os.environ.get("SOUK_FIGURES_DIR", "bench/results"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamped = {**figures, "measuredAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (folder / name).write_bytes(orjson.dumps(stamped, option=orjson.OPT_INDENT_2))
    except OSError:  # a read-only checkout: the figures were printed anyway
        pass
