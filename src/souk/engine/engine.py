"""The engine: souk's Python API, the facade the HTTP API and the CLI stand on.

Writes enqueue tasks (as Meilisearch does) and return them; ``wait_for_task`` runs the worker in
this process when no other process is the writer, otherwise waits for that writer. Reads of
documents go through :meth:`Engine.scoped`, the one entry point that applies a caller's scope.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from souk.config import Settings
from souk.engine.behaviour import Behaviour
from souk.engine.scoped import ScopedIndex
from souk.errors import SoukError, index_not_found, invalid_index_uid, task_not_found
from souk.readers import RecordBatch, ShapeLimits, read_batches
from souk.readers.shape import shape_problem
from souk.recommend import tasks as recommendation_tasks
from souk.recommend.service import RecommendationService
from souk.runtime.derived import index_dir
from souk.runtime.index_runtime import IndexRuntime
from souk.runtime.registry import RuntimeRegistry
from souk.search.request import SearchRequest, parse_search_request
from souk.search.scope import EVERYTHING, Scope
from souk.store.settings import apply_settings_patch, default_settings
from souk.store.store import IndexRecord, Store
from souk.store.task_filter import TaskFilter, parse_task_filter, query_tasks
from souk.store.task_records import Task, TaskType
from souk.store.validation import valid_index_uid
from souk.tasks.context import TaskProgress
from souk.tasks.worker import TaskWorker

log = logging.getLogger("souk.engine")


class Engine:
    """One data directory (and its store) opened for use: the facade over every layer.

    It owns the store, the runtime registry (open indexes), the task worker and the services
    above them (recommendations, behaviour, the assistant), and wires them together at start:
    the worker learns recommendation training from the recommend layer here. Writes only
    enqueue tasks; only the worker changes the store. Reads of documents go through
    :meth:`scoped`. It holds no HTTP or CLI concerns, and no search or task logic of its own.
    """

    def __init__(self, config: Settings | None = None) -> None:
        self.config = config or Settings()
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.config.sqlalchemy_url)
        self.runtimes = RuntimeRegistry(self.config, self.store)
        self.worker = TaskWorker(self.store, self.runtimes, self.config)
        recommendation_tasks.register(self.worker)
        self.recommendations = RecommendationService(self.store, self.config.data_dir)
        # serialises task processing, so searches never wait for a whole ingest to finish
        self._worker_lock = threading.Lock()
        self.behaviour = Behaviour(self.store, self.config, self.runtimes)

    def close(self) -> None:
        self.behaviour.close()
        self.runtimes.close()
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- indexes -------------------------------------------------------------------------
    def get_index(self, uid: str) -> IndexRecord:
        record = self.store.get_index(uid)
        if record is None:
            raise index_not_found(uid)
        return record

    def list_indexes(self) -> list[IndexRecord]:
        return self.store.list_indexes()

    def create_index(
        self, uid: str, primary_key: str | None = None, settings: Mapping[str, Any] | None = None
    ) -> Task:
        if not valid_index_uid(uid):
            raise invalid_index_uid(uid)
        details: dict[str, Any] = {"primaryKey": primary_key}
        if settings:
            details["settings"] = dict(settings)
        return self.store.enqueue(uid, TaskType.INDEX_CREATION, details)

    def update_index(
        self, uid: str, primary_key: str | None, *, new_uid: str | None = None
    ) -> Task:
        """Change the primary key (while empty) and/or rename the index (``new_uid``)."""
        details: dict[str, Any] = {"primaryKey": primary_key}
        if new_uid is not None and new_uid != uid:
            details.update({"oldIndexUid": uid, "newIndexUid": new_uid})
        return self.store.enqueue(uid, TaskType.INDEX_UPDATE, details)

    def delete_index(self, uid: str) -> Task:
        return self.store.enqueue(uid, TaskType.INDEX_DELETION, {"deletedDocuments": None})

    def update_settings(self, uid: str, patch: Mapping[str, Any]) -> Task:
        apply_settings_patch(default_settings(), patch)  # reject bad settings up front
        return self.store.enqueue(uid, TaskType.SETTINGS_UPDATE, dict(patch))

    def reindex(self, uid: str) -> Task:
        return self.store.enqueue(uid, TaskType.REINDEX, {})

    # -- documents -----------------------------------------------------------------------
    @property
    def document_limits(self) -> ShapeLimits:
        """How deep and how big one document may be (settings ``max_nesting_depth``,
        ``max_document_bytes``)."""
        return ShapeLimits(self.config.max_nesting_depth, self.config.max_document_bytes)

    def add_documents(
        self,
        uid: str,
        documents: Sequence[Mapping[str, Any]],
        *,
        primary_key: str | None = None,
        update: bool = False,
        source: str | None = None,
        locations: Sequence[int] | None = None,
        location_kind: str = "record",
        error: SoukError | None = None,
        skip_creation: bool = False,
    ) -> Task:
        """Enqueue one batch (replace, or partial update when ``update``) as one task.

        Documents not read by a reader (``source`` is None: a Python caller's own list) are
        checked here against the nesting and size limits the readers apply to files and bodies.
        """
        if source is None:
            limits = self.document_limits
            for position, document in enumerate(documents, 1):
                if problem := shape_problem(document, limits):
                    raise SoukError(f"record {position}: the document is {problem}", "bad_request")
        payload: dict[str, Any] = {
            "documents": list(documents),
            "primaryKey": primary_key,
            "method": "update" if update else "replace",
            "source": source,
            "locations": list(locations) if locations is not None else None,
            "locationKind": location_kind,
            "error": None if error is None else error.to_dict(),
            "skipCreation": skip_creation,
        }
        details = {"receivedDocuments": len(documents), "indexedDocuments": None}
        return self.store.enqueue(uid, TaskType.DOCUMENT_ADDITION, details, payload)

    def add_batch(
        self, uid: str, batch: RecordBatch, *, primary_key: str | None = None, update: bool = False
    ) -> Task:
        error = None
        if batch.error is not None:
            error = SoukError(str(batch.error), "malformed_payload")
        return self.add_documents(
            uid,
            batch.records,
            primary_key=primary_key,
            update=update,
            source=batch.source,
            locations=batch.locations,
            location_kind=batch.location_kind,
            error=error,
        )

    def ingest_file(
        self,
        uid: str,
        path: Path,
        *,
        primary_key: str | None = None,
        update: bool = False,
        batch_size: int | None = None,
        fmt: str | None = None,
        on_batch: Callable[[Task, RecordBatch], None] | None = None,
    ) -> list[Task]:
        """Stream a file into tasks, one per batch (a malformed record fails its batch)."""
        tasks: list[Task] = []
        size = batch_size or self.config.batch_size
        for batch in read_batches(path, batch_size=size, fmt=fmt, limits=self.document_limits):
            task = self.add_batch(uid, batch, primary_key=primary_key, update=update)
            tasks.append(task)
            if on_batch is not None:
                on_batch(task, batch)
        return tasks

    def delete_documents(self, uid: str, ids: Iterable[str | int]) -> Task:
        id_list = [str(i) for i in ids]
        return self.store.enqueue(
            uid,
            TaskType.DOCUMENT_DELETION,
            {"providedIds": len(id_list), "deletedDocuments": None},
            {"ids": id_list},
        )

    def delete_by_filter(self, uid: str, expression: Any) -> Task:
        return self.store.enqueue(
            uid,
            TaskType.DOCUMENT_DELETION,
            # Meilisearch reports the filter as its JSON text
            {"originalFilter": orjson.dumps(expression).decode(), "deletedDocuments": None},
            {"filter": expression},
        )

    def delete_all_documents(self, uid: str) -> Task:
        return self.store.enqueue(
            uid, TaskType.DOCUMENT_DELETION, {"deletedDocuments": None}, {"all": True}
        )

    def get_document(self, uid: str, doc_id: str) -> dict[str, Any] | None:
        return self.scoped(uid).document(doc_id)

    def swap_indexes(
        self, pairs: Sequence[Sequence[str]], renames: Sequence[bool] | None = None
    ) -> Task:
        """Swap pairs of indexes; with ``rename`` the first is renamed to the second."""
        flags = list(renames or [False] * len(pairs))
        swaps = [
            {"indexes": list(pair), "rename": flag} for pair, flag in zip(pairs, flags, strict=True)
        ]
        return self.store.enqueue(None, TaskType.INDEX_SWAP, {"swaps": swaps})

    def fetch_documents(
        self,
        uid: str,
        *,
        offset: int = 0,
        limit: int = 20,
        filter_expr: Any = None,
        ids: Sequence[str] | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of documents (optionally filtered or by ids) and the matching total."""
        self.get_index(uid)
        if ids is not None:
            found = self.store.get_documents(uid, [str(i) for i in ids])
            ordered = sorted(found.values(), key=lambda d: d.iid)
            return [d.body for d in ordered[offset : offset + limit]], len(ordered)
        if filter_expr is not None:
            runtime = self.runtime(uid)
            query = runtime.compile_filter(filter_expr)
            if query is not None:
                iids = sorted(runtime.lexical.all_iids(query))
                page = iids[offset : offset + limit]
                docs = self.store.get_documents_by_iid(uid, page)
                return [docs[i].body for i in page if i in docs], len(iids)
        total = self.store.count_documents(uid)
        bodies = (
            [
                d.body
                for batch in self.store.iter_documents(uid, offset=offset, limit=limit)
                for d in batch
            ]
            if limit
            else []
        )
        return bodies, total

    def document_vectors(self, uid: str, docs: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Meilisearch's ``_vectors`` for each document: ``{embedder: {"embeddings": [[…]],
        "regenerate": bool}}`` from the vectors kept in the store (``retrieveVectors``)."""
        record = self.get_index(uid)
        primary = record.primary_key or "id"
        ids = [str(doc.get(primary)) for doc in docs]
        stored = self.store.get_documents(uid, ids)
        iid_of = {doc_id: d.iid for doc_id, d in stored.items()}
        embedders = record.settings.get("embedders") or {}
        per_embedder: dict[str, dict[int, list[float]]] = {}
        for name in embedders:
            vectors: dict[int, list[float]] = {}
            for batch in self.store.iter_embeddings(uid, name, list(iid_of.values())):
                for stored_iid, blob in batch:
                    vectors[stored_iid] = [float(x) for x in np.frombuffer(blob, np.float32)]
            per_embedder[name] = vectors
        out: list[dict[str, Any]] = []
        for doc, doc_id in zip(docs, ids, strict=True):
            doc_iid = iid_of.get(doc_id)
            shown = {k: v for k, v in doc.items() if k != "_vectors"}
            shown["_vectors"] = {
                name: {
                    "embeddings": [per_embedder[name][doc_iid]]
                    if doc_iid is not None and doc_iid in per_embedder[name]
                    else [],
                    "regenerate": conf.get("source") != "userProvided",
                }
                for name, conf in embedders.items()
            }
            out.append(shown)
        return out

    def index_stats(self, uid: str) -> dict[str, Any]:
        """Meilisearch's index stats: document count, indexing flag, field distribution."""
        self.get_index(uid)
        distribution: dict[str, int] = {}
        total = 0
        raw_size = 0
        for batch in self.store.iter_documents(uid, batch_size=5000):
            for doc in batch:
                total += 1
                raw_size += len(orjson.dumps(doc.body))
                for name in doc.body:
                    if name != "_vectors":
                        distribution[name] = distribution.get(name, 0) + 1
        embedded = 0
        runtime = self.runtimes.opened(uid)
        if runtime is not None:
            embedded = max((len(v) for v in runtime.vectors.values()), default=0)
        pending = self.store.list_tasks(
            index_uids=[uid], statuses=["enqueued", "processing"], limit=1
        )
        directory = index_dir(self.config, uid)
        sizes = {part: _tree_size(directory / part) for part in ("lexical", "vectors")}
        return {
            "numberOfDocuments": total,
            "rawDocumentDbSize": raw_size,
            "avgDocumentSize": raw_size // total if total else 0,
            "internalDatabaseSizes": {
                "documents": raw_size,
                "lexicalIndex": sizes["lexical"],
                "vectorIndex": sizes["vectors"],
            },
            "isIndexing": bool(pending),
            "numberOfEmbeddedDocuments": embedded,
            "fieldDistribution": dict(sorted(distribution.items())),
        }

    # -- tasks ---------------------------------------------------------------------------
    def query_tasks(
        self,
        flt: TaskFilter,
        *,
        limit: int | None = 20,
        from_uid: int | None = None,
        reverse: bool = False,
    ) -> list[Task]:
        return query_tasks(self.store, flt, limit=limit, from_uid=from_uid, reverse=reverse)

    def cancel_tasks(self, params: Mapping[str, str], query: str) -> Task:
        """Enqueue a ``taskCancelation``: the worker runs it before other enqueued tasks and
        cancels the matching ones enqueued before it."""
        flt = parse_task_filter(params)  # refuse a bad filter now, not in the task
        matched = sum(
            1
            for t in self.query_tasks(flt, limit=None)
            if t.status.value in ("enqueued", "processing")
        )
        return self.store.enqueue(
            None,
            TaskType.TASK_CANCELATION,
            {"matchedTasks": matched, "canceledTasks": None, "originalFilter": query},
            {"params": dict(params)},
        )

    def delete_tasks(self, params: Mapping[str, str], query: str) -> Task:
        """Enqueue a ``taskDeletion``: the worker deletes the matching finished tasks."""
        parse_task_filter(params)  # refuse a bad filter now, not in the task
        return self.store.enqueue(
            None,
            TaskType.TASK_DELETION,
            {"matchedTasks": None, "deletedTasks": None, "originalFilter": query},
            {"params": dict(params)},
        )

    def get_task(self, uid: int) -> Task:
        task = self.store.get_task(uid)
        if task is None:
            raise task_not_found(uid)
        return task

    def process_pending(
        self, progress: TaskProgress | None = None, until: int | None = None
    ) -> int:
        with self._worker_lock:
            return self.worker.process_pending(progress, until)

    def wait_for_task(
        self, uid: int, *, timeout: float = 600.0, progress: TaskProgress | None = None
    ) -> Task:
        """Run or wait for the worker until task ``uid`` has finished."""
        deadline = time.monotonic() + timeout
        while True:
            task = self.get_task(uid)
            if task.status.finished:
                return task
            if self.process_pending(progress, until=uid) == 0:
                if time.monotonic() > deadline:
                    raise SoukError(
                        f"Task {uid} did not finish within {timeout:.0f}s.",
                        "task_timeout",
                    )
                time.sleep(0.05)

    # -- backups -------------------------------------------------------------------------
    def create_dump(self) -> Task:
        """Enqueue a ``dumpCreation``: the whole store in ``dump_dir`` (see docs/backups.md)."""
        return self.store.enqueue(None, TaskType.DUMP_CREATION, {"dumpUid": None})

    def create_snapshot(self) -> Task:
        """Enqueue a ``snapshotCreation``: a copy of the store in ``snapshot_dir``."""
        return self.store.enqueue(None, TaskType.SNAPSHOT_CREATION, {})

    # -- derived indexes -----------------------------------------------------------------
    def runtime(
        self, uid: str, progress: Callable[[str, int, int], None] | None = None
    ) -> IndexRuntime:
        """The open derived indexes of ``uid`` (see :class:`RuntimeRegistry`)."""
        return self.runtimes.runtime(uid, progress)

    def warm_up(self, uid: str) -> None:
        """Open ``uid``'s derived indexes and run one small search, so that the first real
        search finds the readers open, the files mapped and the lazily loaded models (the
        ranker, the query embedders) in memory."""
        runtime = self.runtimes.runtime(uid)
        self.scoped(uid).search(parse_search_request({"q": "warm up", "limit": 1}))
        for embedder in runtime.embedders.values():
            if embedder.name != "userProvided":
                embedder.embed_query("warm up")

    def repair_derived(self, uids: Sequence[str] | None = None) -> dict[str, list[str]]:
        """Check the derived files of ``uids`` (default: the open indexes) against their
        checksums in full and rebuild the damaged ones from the store, holding the task worker
        back meanwhile. Returns what was damaged, by index (empty: everything matched)."""
        found: dict[str, list[str]] = {}
        for uid in list(uids) if uids is not None else self.runtimes.open_uids():
            with self._worker_lock:
                try:
                    failed = self.runtimes.repair(uid)
                except SoukError as exc:  # deleted meanwhile, or the store itself is damaged
                    log.warning("could not check the derived files of %s: %s", uid, exc)
                    continue
            if failed:
                found[uid] = [f"{c.part}: {p}" for c in failed for p in c.problems]
        return found

    # -- reads -----------------------------------------------------------------------------
    def scoped(self, uid: str, scope: Scope = EVERYTHING) -> ScopedIndex:
        """Index ``uid`` as a caller limited to ``scope`` may read it."""
        return ScopedIndex(
            uid,
            scope,
            store=self.store,
            runtimes=self.runtimes,
            recommendations=self.recommendations,
            config=self.config,
        )

    def search(
        self, uid: str, params: SearchRequest | Mapping[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """A search with no access rule (the Python API and the CLI act as the owner)."""
        if isinstance(params, SearchRequest):
            request = params
        else:
            request = parse_search_request({**dict(params or {}), **kwargs})
        return self.scoped(uid).search(request)


def _tree_size(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
