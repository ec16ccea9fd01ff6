"""The engine: souk's Python API over the store, the task worker and the search pipeline.

Writes enqueue tasks (as Meilisearch does) and return them; ``wait_for_task`` runs the worker in
this process when no other process is the writer, otherwise waits for that writer.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from souk.config import Settings
from souk.engine.behaviour import Behaviour
from souk.errors import SoukError, index_not_found, invalid_index_uid, task_not_found
from souk.readers import RecordBatch, read_batches
from souk.retrieval.embedders import Embedder
from souk.runtime.checkpoint import Checkpoint
from souk.runtime.derived import (
    checkpoint_path,
    embedder_fingerprint,
    open_embedders,
    open_runtime,
    remove_index_files,
)
from souk.runtime.index_runtime import IndexRuntime
from souk.search.pipeline import ClickBoost, SearchPipeline
from souk.search.request import SearchRequest, parse_search_request
from souk.search.understand import understand, vocabulary_of
from souk.store.store import IndexRecord, Store
from souk.store.task_filter import TaskFilter, parse_task_filter
from souk.store.task_records import Task, TaskStatus, TaskType
from souk.store.validation import valid_index_uid
from souk.tasks.worker import TaskProgress, TaskWorker

log = logging.getLogger("souk.engine")


class Engine:
    def __init__(self, config: Settings | None = None) -> None:
        self.config = config or Settings()
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.config.sqlalchemy_url)
        self.worker = TaskWorker(self)
        self._runtimes: dict[str, IndexRuntime] = {}
        self._embedders: dict[str, Embedder] = {}
        # `_lock` guards the open runtimes (short holds); `_worker_lock` serialises task
        # processing, so searches never wait for a whole ingest to finish.
        self._lock = threading.RLock()
        self._worker_lock = threading.Lock()
        self.behaviour = Behaviour(self)

    def close(self) -> None:
        self.behaviour.close()
        with self._lock:
            for uid in list(self._runtimes):
                self.drop_runtime(uid)
            self.worker.lock.release()
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
        from souk.store.settings import apply_settings_patch, default_settings

        apply_settings_patch(default_settings(), patch)  # reject bad settings up front
        return self.store.enqueue(uid, TaskType.SETTINGS_UPDATE, dict(patch))

    def reindex(self, uid: str) -> Task:
        return self.store.enqueue(uid, TaskType.REINDEX, {})

    def stats(self, uid: str) -> dict[str, Any]:
        self.get_index(uid)
        return {
            "numberOfDocuments": self.store.count_documents(uid),
            "isIndexing": bool(
                self.store.list_tasks(
                    index_uids=[uid], statuses=["enqueued", "processing"], limit=1
                )
            ),
        }

    # -- documents -----------------------------------------------------------------------
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
        """Enqueue one batch (replace, or partial update when ``update``) as one task."""
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
        for batch in read_batches(path, batch_size=batch_size or self.config.batch_size, fmt=fmt):
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
        self.get_index(uid)
        found = self.store.get_documents(uid, [doc_id])
        return found[doc_id].body if doc_id in found else None

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
            from souk.search.pipeline import filter_query

            runtime = self.runtime(uid)
            query = filter_query(runtime, filter_expr)
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
        runtime = self._runtimes.get(uid)
        if runtime is not None:
            embedded = max((len(v) for v in runtime.vectors.values()), default=0)
        pending = self.store.list_tasks(
            index_uids=[uid], statuses=["enqueued", "processing"], limit=1
        )
        from souk.runtime.derived import index_dir

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
        found = self.store.list_tasks(
            uids=flt.uids,
            statuses=flt.statuses,
            types=flt.types,
            index_uids=flt.index_uids,
            canceled_by=flt.canceled_by,
            from_uid=from_uid,
            limit=None if flt.dates else limit,
            reverse=reverse,
        )
        if flt.dates:
            found = [t for t in found if flt.matches_dates(t)]
            if limit is not None:
                found = found[:limit]
        return found

    def cancel_tasks(self, flt: TaskFilter, query: str) -> Task:
        """Cancel matching enqueued tasks at once and record a ``taskCancelation`` task."""
        matched = [
            t.uid
            for t in self.query_tasks(flt, limit=None)
            if t.status.value in ("enqueued", "processing")
        ]
        with self.store.transaction() as conn:
            uid = self.store.insert_finished_task(
                conn,
                None,
                TaskType.TASK_CANCELATION,
                {"matchedTasks": len(matched), "canceledTasks": 0, "originalFilter": query},
            )
            canceled = self.store.cancel_enqueued(conn, matched, uid)
            self.store.finish_task(
                conn,
                uid,
                TaskStatus.SUCCEEDED,
                {"matchedTasks": len(matched), "canceledTasks": canceled, "originalFilter": query},
            )
        return self.get_task(uid)

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
                        status=408,
                    )
                time.sleep(0.05)

    # -- derived indexes -----------------------------------------------------------------
    def embedders_for(self, settings: Mapping[str, Any]) -> dict[str, Embedder]:
        out: dict[str, Embedder] = {}
        for name, conf in (settings.get("embedders") or {}).items():
            key = embedder_fingerprint(conf)
            if key not in self._embedders:
                self._embedders.update(
                    {key: open_embedders(self.config, {"embedders": {name: conf}})[name]}
                )
            out[name] = self._embedders[key]
        return out

    def runtime(
        self, uid: str, progress: Callable[[str, int, int], None] | None = None
    ) -> IndexRuntime:
        with self._lock:
            runtime = self._runtimes.get(uid)
            if runtime is not None and (
                runtime.writable or runtime.checkpoint_stamp == self._stamp(uid)
            ):
                return runtime
            if runtime is not None:  # another process (the writer) changed the index
                self.drop_runtime(uid)
            record = self.get_index(uid)
            writable = self.worker.lock.acquire()
            stamp = self._stamp(uid)
            runtime = open_runtime(
                self.config, self.store, record, writable=writable, progress=progress
            )
            runtime.embedders = self.embedders_for(record.settings)
            runtime.writable = writable
            runtime.checkpoint_stamp = stamp
            self._runtimes[uid] = runtime
            return runtime

    def _stamp(self, uid: str) -> int:
        """When the writer last moved this index's checkpoint (readers reopen after it)."""
        try:
            return checkpoint_path(self.config, uid).stat().st_mtime_ns
        except OSError:
            return 0

    def swap_index_files(self, a: str, b: str) -> None:
        """Swap the derived-index directories of two indexes (after the store swapped)."""
        from souk.runtime.derived import index_dir

        with self._lock:
            self.drop_runtime(a)
            self.drop_runtime(b)
            dir_a, dir_b = index_dir(self.config, a), index_dir(self.config, b)
            temporary = dir_a.with_name(dir_a.name + ".swap")
            if dir_a.exists():
                dir_a.rename(temporary)
            if dir_b.exists():
                dir_b.rename(dir_a)
            if temporary.exists():
                temporary.rename(dir_b)

    def rename_index_files(self, old: str, new: str) -> None:
        from souk.runtime.derived import index_dir

        with self._lock:
            self.drop_runtime(old)
            self.drop_runtime(new)
            source = index_dir(self.config, old)
            if source.exists():
                source.rename(index_dir(self.config, new))

    def drop_runtime(self, uid: str, *, remove_files: bool = False) -> None:
        with self._lock:
            runtime = self._runtimes.pop(uid, None)
            if runtime is not None:
                runtime.lexical.rollback()
            if remove_files:
                remove_index_files(self.config, uid)

    def commit_derived(self, uid: str, task_uid: int) -> None:
        """Commit the derived indexes after a task and move their checkpoint to it."""
        runtime = self._runtimes.get(uid)
        if runtime is None:
            return
        runtime.lexical.commit()
        path = checkpoint_path(self.config, uid)
        ckpt = Checkpoint.load(path)
        ckpt.lexical_task = task_uid
        ckpt.lexical_layout = runtime.layout.fingerprint()
        # Vector files are rewritten whole, so they are saved when the queue drains rather than
        # after every task; until then their checkpoint stays behind and a reopen catches up
        # from the embeddings kept in the store.
        if not self.store.next_enqueued(1):
            for name, vectors in runtime.vectors.items():
                vectors.save()
                ckpt.vector_task[name] = task_uid
        ckpt.save(path)

    # -- search --------------------------------------------------------------------------
    def search(
        self, uid: str, params: SearchRequest | Mapping[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        if isinstance(params, SearchRequest):
            request = params
        else:
            request = parse_search_request({**dict(params or {}), **kwargs})
        runtime = self.runtime(uid)
        pipeline = SearchPipeline(runtime, ranker=self.config.ranker, clicks=self._clicks(uid))
        if not request.understand or not request.q:
            return _with_query_uid(pipeline.run(request))
        understanding = understand(request.q, vocabulary_of(runtime))
        rewritten = replace(
            request,
            q=understanding.query,
            filter=_and_filters(request.filter, understanding.filter_expressions),
            sort=request.sort or understanding.sort_expressions or None,
        )
        result = pipeline.run(rewritten)
        result["query"] = request.q
        result["understanding"] = understanding.to_dict()
        return _with_query_uid(result)

    def _clicks(self, uid: str) -> ClickBoost | None:
        if self.config.click_weight <= 0:
            return None
        return ClickBoost(
            self.config.click_weight,
            lambda query, iids: self.behaviour.click_lifts(uid, query, iids),
        )


def _with_query_uid(response: dict[str, Any]) -> dict[str, Any]:
    """Tag a response so the clicks it leads to can name it (events carry ``queryUid``)."""
    response["queryUid"] = uuid.uuid4().hex
    return response


def _and_filters(caller: Any, found: list[str]) -> Any:
    """The caller's filter AND the understood ones (Meilisearch's array form is an AND)."""
    if not found:
        return caller
    if caller is None:
        return list(found)
    if isinstance(caller, list):
        return [*caller, *found]
    return [caller, *found]


def _tree_size(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
