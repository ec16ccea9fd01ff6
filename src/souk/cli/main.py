"""The ``souk`` command line: thin commands over :class:`souk.engine.Engine`."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from souk.config import Settings
from souk.engine import Engine
from souk.errors import SoukError
from souk.store.task_records import Task

app = typer.Typer(
    help="souk: an open-source AI commerce engine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
index_app = typer.Typer(help="Create, list, show and delete indexes.", no_args_is_help=True)
settings_app = typer.Typer(help="Read and change index settings.", no_args_is_help=True)
demo_app = typer.Typer(help="The generated demo shop.", no_args_is_help=True)
documents_app = typer.Typer(help="Read and delete documents.", no_args_is_help=True)
app.add_typer(index_app, name="index")
app.add_typer(settings_app, name="settings")
app.add_typer(documents_app, name="documents")
app.add_typer(demo_app, name="demo")
eval_app = typer.Typer(
    help="Measure relevance (graded judgments) and recommendations (sequences).",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")

console = Console()
err_console = Console(stderr=True)

IndexOpt = Annotated[str, typer.Option("--index", "-i", help="Index uid.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _engine() -> Engine:
    return Engine(Settings())


def _print_json(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2, default=str).decode() + "\n")


def _fail(error: SoukError, as_json: bool) -> None:
    if as_json:
        _print_json({"error": error.to_dict()})
    else:
        err_console.print(f"[red]error[/red] ({error.code}): {error.message}")
    raise typer.Exit(1)


def _finish(engine: Engine, task: Task, as_json: bool, label: str) -> Task:
    done = engine.wait_for_task(task.uid)
    if as_json:
        _print_json(done.to_dict())
    elif done.error:
        err_console.print(f"[red]{label} failed[/red]: {done.error['message']}")
    else:
        console.print(f"[green]{label}[/green] (task {done.uid}, {done.status.value})")
    if done.error:
        raise typer.Exit(1)
    return done


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log timings.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )


# -- indexes ---------------------------------------------------------------------------------
@index_app.command("create")
def index_create(
    uid: str,
    primary_key: Annotated[
        str | None,
        typer.Option("--primary-key", help="Primary key attribute (inferred when omitted)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an index."""
    with _engine() as engine:
        try:
            _finish(engine, engine.create_index(uid, primary_key), as_json, f"created index {uid}")
        except SoukError as exc:
            _fail(exc, as_json)


@index_app.command("list")
def index_list(as_json: JsonOpt = False) -> None:
    """List indexes with their document counts."""
    with _engine() as engine:
        rows = [
            {
                "uid": r.uid,
                "primaryKey": r.primary_key,
                "numberOfDocuments": engine.store.count_documents(r.uid),
            }
            for r in engine.list_indexes()
        ]
    if as_json:
        _print_json(rows)
        return
    table = Table("uid", "primary key", "documents")
    for row in rows:
        table.add_row(str(row["uid"]), str(row["primaryKey"]), str(row["numberOfDocuments"]))
    console.print(table)


@index_app.command("show")
def index_show(uid: str, as_json: JsonOpt = False) -> None:
    """Show an index: primary key, document count, attributes."""
    with _engine() as engine:
        try:
            record = engine.get_index(uid)
        except SoukError as exc:
            _fail(exc, as_json)
        info = {
            "uid": record.uid,
            "primaryKey": record.primary_key,
            "numberOfDocuments": engine.store.count_documents(uid),
            "fields": record.fields,
            "createdAt": str(record.created_at),
            "updatedAt": str(record.updated_at),
        }
    if as_json:
        _print_json(info)
    else:
        for key, value in info.items():
            console.print(f"[bold]{key}[/bold]: {value}")


@index_app.command("delete")
def index_delete(uid: str, as_json: JsonOpt = False) -> None:
    """Delete an index and its documents."""
    with _engine() as engine:
        _finish(engine, engine.delete_index(uid), as_json, f"deleted index {uid}")


# -- settings --------------------------------------------------------------------------------
@settings_app.command("get")
def settings_get(index: IndexOpt) -> None:
    """Print an index's settings as JSON."""
    with _engine() as engine:
        try:
            _print_json(engine.get_index(index).settings)
        except SoukError as exc:
            _fail(exc, True)


@settings_app.command("set")
def settings_set(
    index: IndexOpt,
    patch: Annotated[str, typer.Argument(help="JSON object, or @file.json.")],
    as_json: JsonOpt = False,
) -> None:
    """Update settings with a partial JSON object (null resets a setting)."""
    text = Path(patch[1:]).read_text() if patch.startswith("@") else patch
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(SoukError(f"settings are not valid JSON: {exc}", "bad_request"), as_json)
    with _engine() as engine:
        try:
            _finish(engine, engine.update_settings(index, body), as_json, "settings updated")
        except SoukError as exc:
            _fail(exc, as_json)


# -- ingest ----------------------------------------------------------------------------------
def ingest_with_progress(
    engine: Engine,
    index: str,
    path: Path,
    *,
    primary_key: str | None,
    update: bool,
    batch_size: int | None,
    fmt: str | None,
    quiet: bool,
) -> dict[str, Any]:
    """Enqueue a file batch by batch, then apply the tasks with progress bars."""
    from souk.readers import count_records_hint

    started = time.perf_counter()
    hint = count_records_hint(path)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet,
    )
    with progress:
        reading = progress.add_task(f"reading {path.name}", total=hint)
        tasks = engine.ingest_file(
            index,
            path,
            primary_key=primary_key,
            update=update,
            batch_size=batch_size,
            fmt=fmt,
            on_batch=lambda _t, b: progress.advance(reading, len(b.records)),
        )
        received = sum(int(t.details.get("receivedDocuments") or 0) for t in tasks)
        progress.update(reading, total=received, completed=received)
        indexing = progress.add_task("indexing", total=received)
        embedding = progress.add_task("embedding", total=None, visible=False)

        def on_progress(_task: Task, stage: str, done: int, total: int) -> None:
            progress.update(embedding, description=stage, completed=done, total=total, visible=True)

        finished: list[Task] = []
        for task in tasks:
            done = engine.wait_for_task(task.uid, progress=on_progress)
            finished.append(done)
            progress.advance(indexing, int(task.details.get("receivedDocuments") or 0))
    seconds = time.perf_counter() - started
    indexed = sum(int(t.details.get("indexedDocuments") or 0) for t in finished)
    failed = [t for t in finished if t.error]
    return {
        "index": index,
        "file": str(path),
        "tasks": len(finished),
        "succeeded": len(finished) - len(failed),
        "failed": len(failed),
        "receivedDocuments": received,
        "indexedDocuments": indexed,
        "seconds": round(seconds, 3),
        "documentsPerSecond": round(indexed / seconds, 1) if seconds else None,
        "errors": [{"taskUid": t.uid, **(t.error or {})} for t in failed],
    }


@app.command("ingest")
def ingest(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="CSV, NDJSON, JSON or Parquet (gzip ok)."),
    ],
    index: IndexOpt,
    primary_key: Annotated[str | None, typer.Option("--primary-key")] = None,
    update: Annotated[bool, typer.Option("--update", help="Partial update, not replace.")] = False,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", help="Documents per task.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv|ndjson|json|parquet (default: by name).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Load documents from a file into an index (one task per batch)."""
    with _engine() as engine:
        summary = ingest_with_progress(
            engine,
            index,
            file,
            primary_key=primary_key,
            update=update,
            batch_size=batch_size,
            fmt=fmt,
            quiet=as_json,
        )
    _report_ingest(summary, as_json)


def _report_ingest(summary: dict[str, Any], as_json: bool) -> None:
    """Print the ingest summary; exit 1 when any batch failed."""
    if as_json:
        _print_json(summary)
    else:
        _print_ingest(summary)
    if summary["failed"]:
        raise typer.Exit(1)


def _print_ingest(summary: dict[str, Any]) -> None:
    colour = "green" if not summary["failed"] else "yellow"
    console.print(
        f"[{colour}]{summary['indexedDocuments']} documents indexed[/{colour}] into "
        f"'{summary['index']}' in {summary['seconds']}s ({summary['documentsPerSecond']}/s); "
        f"tasks: {summary['succeeded']} succeeded, {summary['failed']} failed"
    )
    for error in summary["errors"]:
        err_console.print(
            f"[red]task {error['taskUid']}[/red] ({error['code']}): {error['message']}"
        )


# -- search ----------------------------------------------------------------------------------
@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="What to search for ('' for browse).")],
    index: IndexOpt,
    filter_: Annotated[str | None, typer.Option("--filter", help="Meilisearch filter.")] = None,
    facets: Annotated[str | None, typer.Option("--facets", help="Comma-separated.")] = None,
    sort: Annotated[str | None, typer.Option("--sort", help="e.g. price:asc,rating:desc")] = None,
    semantic_ratio: Annotated[
        float | None,
        typer.Option("--semantic-ratio", min=0.0, max=1.0, help="0 keyword … 1 semantic."),
    ] = None,
    embedder: Annotated[str, typer.Option("--embedder")] = "default",
    limit: Annotated[int, typer.Option("--limit", min=0)] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    strategy: Annotated[str, typer.Option("--matching-strategy")] = "last",
    show_score: Annotated[bool, typer.Option("--show-score")] = False,
    understand: Annotated[
        bool,
        typer.Option(
            "--understand",
            help="Turn price, colour, brand, size, category and sort words "
            "into filters and sort (English and Chinese).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Search an index: keywords, typos, filters, facets, sort, hybrid."""
    params: dict[str, Any] = {
        "q": query,
        "limit": limit,
        "offset": offset,
        "matchingStrategy": strategy,
        "showRankingScore": show_score or not as_json,
        "understand": understand,
    }
    if filter_:
        params["filter"] = filter_
    if facets:
        params["facets"] = [f.strip() for f in facets.split(",") if f.strip()]
    if sort:
        params["sort"] = [s.strip() for s in sort.split(",") if s.strip()]
    if semantic_ratio is not None:
        params["hybrid"] = {"semanticRatio": semantic_ratio, "embedder": embedder}
    if not as_json:
        params["attributesToHighlight"] = ["title"]
        params["highlightPreTag"], params["highlightPostTag"] = _MARK_ON, _MARK_OFF
    with _engine() as engine:
        try:
            result = engine.search(index, params)
            primary_key = engine.get_index(index).primary_key or "id"
        except SoukError as exc:
            _fail(exc, as_json)
    if as_json:
        _print_json(result)
        return
    if "understanding" in result:
        _print_understanding(result["understanding"])
    _print_results(result, primary_key)


def _print_understanding(understanding: dict[str, Any]) -> None:
    applied = [f["filter"] for f in understanding["filters"] if f["applied"]]
    applied += [s["sort"] for s in understanding["sort"] if s["applied"]]
    console.print(
        f"understood: query [bold]{understanding['query']!r}[/bold]"
        + (f", {'; '.join(applied)}" if applied else ", nothing to filter")
    )


# Highlight tags that cannot occur in catalog text: the title is escaped for rich, then they
# become markup (a title like "[New] shoes" must print as it is).
_MARK_ON, _MARK_OFF = "\x01", "\x02"


def _rich_highlight(text: str) -> str:
    from rich.markup import escape

    return escape(text).replace(_MARK_ON, "[bold yellow]").replace(_MARK_OFF, "[/bold yellow]")


def _print_results(result: dict[str, Any], primary_key: str) -> None:
    total = result.get("estimatedTotalHits", result.get("totalHits"))
    console.print(f"[bold]{total}[/bold] hits in {result['processingTimeMs']} ms")
    table = Table("#", "id", "title", "price", "color", "score")
    for rank, hit in enumerate(result["hits"], start=1 + int(result.get("offset", 0))):
        title = _rich_highlight(str(hit.get("_formatted", {}).get("title", hit.get("title", ""))))
        table.add_row(
            str(rank),
            str(hit.get(primary_key, "")),
            str(title),
            str(hit.get("price", "")),
            str(hit.get("color", "")),
            f"{hit.get('_rankingScore', 0):.3f}",
        )
    console.print(table)
    for attribute, counts in (result.get("facetDistribution") or {}).items():
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:10]
        console.print(
            f"[bold]{attribute}[/bold]: " + ", ".join(f"{value} ({count})" for value, count in top)
        )
    for attribute, stats in (result.get("facetStats") or {}).items():
        console.print(f"[bold]{attribute}[/bold] range: {stats['min']} – {stats['max']}")


# -- documents -------------------------------------------------------------------------------
@documents_app.command("get")
def documents_get(doc_id: str, index: IndexOpt) -> None:
    """Print one document by id."""
    with _engine() as engine:
        try:
            doc = engine.get_document(index, doc_id)
        except SoukError as exc:
            _fail(exc, True)
    if doc is None:
        _fail(SoukError(f"Document `{doc_id}` not found.", "document_not_found"), True)
    _print_json(doc)


@documents_app.command("delete")
def documents_delete(
    index: IndexOpt,
    ids: Annotated[list[str] | None, typer.Argument(help="Document ids.")] = None,
    filter_: Annotated[str | None, typer.Option("--filter", help="Delete by filter.")] = None,
    delete_all: Annotated[bool, typer.Option("--all", help="Delete every document.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete documents by id, by filter, or all of them."""
    with _engine() as engine:
        try:
            if filter_:
                task = engine.delete_by_filter(index, filter_)
            elif delete_all:
                task = engine.delete_all_documents(index)
            else:
                task = engine.delete_documents(index, ids or [])
            _finish(engine, task, as_json, "documents deleted")
        except SoukError as exc:
            _fail(exc, as_json)


# -- tasks and maintenance -------------------------------------------------------------------
@app.command("tasks")
def tasks(
    index: Annotated[str | None, typer.Option("--index", "-i")] = None,
    status: Annotated[str | None, typer.Option("--status", help="e.g. failed,succeeded")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """List tasks, newest first (status, type, duration, error)."""
    with _engine() as engine:
        found = engine.store.list_tasks(
            index_uids=[index] if index else None,
            statuses=status.split(",") if status else None,
            limit=limit,
        )
    if as_json:
        _print_json([t.to_dict() for t in found])
        return
    table = Table("uid", "index", "type", "status", "duration", "details / error")
    for task in found:
        duration = task.duration_seconds
        note = task.error["message"] if task.error else json.dumps(task.details)[:80]
        table.add_row(
            str(task.uid),
            str(task.index_uid),
            task.type.value,
            task.status.value,
            "" if duration is None else f"{duration:.3f}s",
            note,
        )
    console.print(table)


@app.command("reindex")
def reindex(index: IndexOpt, as_json: JsonOpt = False) -> None:
    """Rebuild an index's lexical and vector indexes from the store."""
    with _engine() as engine:
        try:
            _finish(engine, engine.reindex(index), as_json, f"reindexed {index}")
        except SoukError as exc:
            _fail(exc, as_json)


# -- evaluation ------------------------------------------------------------------------------
def _eval_report(report: Any, as_json: bool, per_query: Path | None, queries: Path) -> None:
    from souk.eval.datasets import read_queries
    from souk.eval.relevance import write_per_query

    if per_query is not None:
        write_per_query(per_query, report, read_queries(queries))
    _keep_latest("relevance-latest.json", report.to_dict())
    if as_json:
        _print_json(report.to_dict())
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
    import os

    folder = Path(os.environ.get("SOUK_FIGURES_DIR", "bench/results"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamped = {**figures, "measuredAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (folder / name).write_bytes(orjson.dumps(stamped, option=orjson.OPT_INDENT_2))
    except OSError:  # a read-only checkout: the figures were printed anyway
        pass


def _eval_progress(quiet: bool) -> Any:
    if quiet:
        return None
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
    )
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not progress.live.is_started:
            progress.start()
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total or None)
        progress.update(tasks[stage], completed=done, total=total or None)

    update.progress = progress  # type: ignore[attr-defined]
    return update


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


@eval_app.command("relevance")
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
    from souk.eval.relevance import evaluate_relevance

    index_settings = json.loads(settings_file.read_text()) if settings_file else None
    progress = _eval_progress(as_json)
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


@eval_app.command("homedepot")
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
    from souk.eval.relevance import evaluate_relevance

    docs, queries, qrels = convert_homedepot(data, work_dir)
    index_settings = json.loads(settings_file.read_text()) if settings_file else None
    progress = _eval_progress(as_json)
    try:
        report = evaluate_relevance(
            docs,
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


@eval_app.command("train-ranker")
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
        _fail(
            SoukError("give --catalog, --queries and --qrels, or --homedepot", "bad_request"),
            as_json,
        )
        return
    if table_path is not None and table_path.exists():
        table = load_table(table_path)
        query_text, judgments = read_judgments(queries, qrels)
    else:
        progress = _eval_progress(as_json)
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
        _fail(SoukError(str(exc), "bad_request"), as_json)
        return
    figures = {**report.to_dict(), "model": str(out)}
    if as_json:
        _print_json(figures)
        return
    console.print(
        f"held-out nDCG@10 [bold]{figures['heldout_ndcg@10']:.4f}[/bold] over "
        f"{figures['heldout_queries']} queries (train half {figures['train_ndcg@10']:.4f}); "
        f"model written to {out}"
    )


# -- benchmarks ------------------------------------------------------------------------------
@app.command("bench")
def bench(
    products: Annotated[int, typer.Option("--products", min=100)] = 100_000,
    queries: Annotated[int, typer.Option("--queries", min=10, help="per query kind")] = 200,
    concurrency: Annotated[
        str, typer.Option("--concurrency", help="comma-separated client counts")
    ] = "1,8",
    peer: Annotated[str, typer.Option("--peer", help="typesense or none")] = "typesense",
    vector_sample: Annotated[
        int, typer.Option("--vector-sample", min=0, help="documents embedded for hybrid")
    ] = 1000,
    out_dir: Annotated[Path, typer.Option("--out")] = Path("bench/results"),
    souk_workers: Annotated[
        int, typer.Option("--souk-workers", min=1, help="`souk serve --workers` for the run")
    ] = 1,
    as_json: JsonOpt = False,
) -> None:
    """Ingest and query speed of souk vs tantivy in-process and Typesense, in one run."""
    from souk.bench.report import markdown
    from souk.bench.run import BenchConfig, run_bench

    config = BenchConfig(
        products=products,
        queries=queries,
        concurrency=tuple(int(c) for c in concurrency.split(",") if c.strip()),
        peer=None if peer == "none" else peer,
        vector_sample=vector_sample,
        out_dir=out_dir,
        souk_workers=souk_workers,
    )
    progress = _eval_progress(as_json)
    try:
        results = run_bench(config, progress)
    finally:
        if progress is not None:
            progress.progress.stop()
    if as_json:
        _print_json(results)
        return
    console.print(markdown(results))
    console.print(f"written to {results['paths']['markdown']}")


# -- server ----------------------------------------------------------------------------------
@app.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7700,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="HTTP worker threads' processes (the task worker stays one)."
        ),
    ] = 1,
    master_key: Annotated[
        str | None,
        typer.Option(
            "--master-key", envvar="SOUK_MASTER_KEY", help="Protects every route but /health."
        ),
    ] = None,
    max_body_mb: Annotated[
        int, typer.Option("--max-body-mb", min=1, help="Largest accepted request body.")
    ] = 100,
) -> None:
    """Serve the Meilisearch-compatible HTTP API (default http://127.0.0.1:7700)."""
    from souk.api.server import run_server

    run_server(
        host=host,
        port=port,
        workers=workers,
        master_key=master_key,
        max_body_bytes=max_body_mb * 1024 * 1024,
    )


# -- demo ------------------------------------------------------------------------------------
@demo_app.command("generate")
def demo_generate(
    count: Annotated[int, typer.Option("--count", min=1)] = 20_000,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    out: Annotated[Path, typer.Option("--out")] = Path("demo/products.ndjson.gz"),
    as_json: JsonOpt = False,
) -> None:
    """Write the deterministic demo catalog (NDJSON, gzip when the name ends in .gz)."""
    from souk.demo.products import write_catalog

    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_catalog(out, count=count, seed=seed)
    summary = {
        "file": str(out),
        "products": written,
        "seconds": round(time.perf_counter() - started, 3),
    }
    if as_json:
        _print_json(summary)
    else:
        console.print(f"wrote {written} products to {out} in {summary['seconds']}s")


@demo_app.command("load")
def demo_load(
    file: Annotated[Path, typer.Option("--file", exists=True, dir_okay=False)] = Path(
        "demo/products.ndjson.gz"
    ),
    index: IndexOpt = "demo",
    as_json: JsonOpt = False,
) -> None:
    """Create the demo index with shop settings (if missing) and ingest the catalog."""
    from souk.demo.settings import DEMO_SETTINGS

    with _engine() as engine:
        if engine.store.get_index(index) is None:
            _finish(
                engine,
                engine.create_index(index, "id", DEMO_SETTINGS),
                as_json,
                f"created index {index}",
            )
        summary = ingest_with_progress(
            engine,
            index,
            file,
            primary_key="id",
            update=False,
            batch_size=None,
            fmt=None,
            quiet=as_json,
        )
    _report_ingest(summary, as_json)


if __name__ == "__main__":  # pragma: no cover
    app()


# behaviour commands (events, recommend, analytics, eval recs) register themselves on `app`
from souk.cli import assistant, behaviour  # noqa: E402, F401
