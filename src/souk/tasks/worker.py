"""The task worker: the one writer that applies enqueued tasks in order.

Each task runs in two phases. First everything that can fail (parsing, validation, embedding)
is computed without touching the store; then one store transaction writes the documents and the
``succeeded`` status together. Only after that are the derived indexes updated and their
checkpoint moved. A crash anywhere leaves either the old state (the task is re-run, since a
``processing`` task is put back in the queue at start) or a committed task that the derived
indexes catch up with when opened.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from souk.errors import SoukError, index_already_exists, index_not_found, invalid_index_uid
from souk.retrieval.embedders import EmbedderError, render_template
from souk.retrieval.layout import FieldLayout
from souk.store.settings import apply_settings_patch, default_settings
from souk.store.store import IndexRecord
from souk.store.task_records import METADATA_KEY, Task, TaskStatus, TaskType
from souk.store.validation import (
    attribute_paths,
    document_id,
    infer_primary_key,
    valid_index_uid,
)

if TYPE_CHECKING:
    from souk.engine import Engine

log = logging.getLogger("souk.worker")

TaskProgress = Callable[[Task, str, int, int], None]


class WorkerLock:
    """An exclusive, non-blocking file lock: at most one process writes a data directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class TaskWorker:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.lock = WorkerLock(engine.config.data_dir / "worker.lock")
        self._recovered = False

    def process_pending(
        self, progress: TaskProgress | None = None, until: int | None = None
    ) -> int:
        """Apply enqueued tasks (up to task ``until``); how many ran (0 if not the writer)."""
        if not self.lock.acquire():
            return 0
        if not self._recovered:
            requeued = self.store.requeue_interrupted()
            if requeued:
                log.warning("re-queued %d task(s) interrupted by a crash", requeued)
            self._recovered = True
        done = 0
        while True:
            pending = self.store.next_enqueued(1)
            if not pending or (until is not None and pending[0].uid > until):
                return done
            self.run_task(pending[0], progress)
            done += 1

    def run_task(self, task: Task, progress: TaskProgress | None = None) -> Task:
        self.store.mark_processing(task.uid)
        # handlers see the task's own details; the caller's metadata is put back when it ends
        self._metadata = task.details.pop(METADATA_KEY, None)
        started = time.perf_counter()
        try:
            handler = {
                TaskType.INDEX_CREATION: self._index_creation,
                TaskType.INDEX_UPDATE: self._index_update,
                TaskType.INDEX_DELETION: self._index_deletion,
                TaskType.SETTINGS_UPDATE: self._settings_update,
                TaskType.DOCUMENT_ADDITION: self._document_addition,
                TaskType.DOCUMENT_DELETION: self._document_deletion,
                TaskType.REINDEX: self._reindex,
                TaskType.INDEX_SWAP: self._index_swap,
                TaskType.TASK_DELETION: self._task_deletion,
                TaskType.RECOMMENDATIONS_TRAINING: self._recommendations_training,
            }[task.type]
            handler(task, progress)
        except SoukError as exc:
            self._fail(task, exc)
        except EmbedderError as exc:
            self._fail(task, SoukError(str(exc), "vector_embedding_error"))
        except Exception as exc:  # a bug or I/O error: the task fails, the worker survives
            log.exception("task %d failed unexpectedly", task.uid)
            self._fail(
                task,
                SoukError(
                    f"{type(exc).__name__}: {exc}", "internal", error_type="internal", status=500
                ),
            )
        log.info(
            "task %d (%s) finished in %.3fs",
            task.uid,
            task.type.value,
            time.perf_counter() - started,
        )
        finished = self.store.get_task(task.uid)
        assert finished is not None
        return finished

    def _defaults(self) -> dict[str, Any]:
        return default_settings(self.engine.config.default_embedder)

    def _fail(self, task: Task, error: SoukError) -> None:
        details = dict(task.details)
        if task.type == TaskType.DOCUMENT_ADDITION:
            details["indexedDocuments"] = 0
        if task.type == TaskType.DOCUMENT_DELETION:
            details["deletedDocuments"] = 0
        with self.store.transaction() as conn:
            self.store.finish_task(
                conn, task.uid, TaskStatus.FAILED, self._with_metadata(details), error.to_dict()
            )

    def _succeed(self, conn: Any, task: Task, details: Mapping[str, Any]) -> None:
        self.store.finish_task(conn, task.uid, TaskStatus.SUCCEEDED, self._with_metadata(details))

    def _with_metadata(self, details: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(details)
        if getattr(self, "_metadata", None) is not None:
            out[METADATA_KEY] = self._metadata
        return out

    # -- index tasks ---------------------------------------------------------------------
    def _index_creation(self, task: Task, _progress: TaskProgress | None) -> None:
        uid = str(task.index_uid)
        if not valid_index_uid(uid):
            raise invalid_index_uid(uid)
        primary_key = task.details.get("primaryKey")
        with self.store.transaction() as conn:
            if self.store.get_index(uid, conn) is not None:
                raise index_already_exists(uid)
            settings = apply_settings_patch(self._defaults(), task.details.get("settings") or {})
            self.store.insert_index(conn, uid, primary_key, settings)
            self._succeed(conn, task, {"primaryKey": primary_key})
        self.engine.drop_runtime(uid)

    def _index_update(self, task: Task, _progress: TaskProgress | None) -> None:
        uid = str(task.index_uid)
        primary_key = task.details.get("primaryKey")
        with self.store.transaction() as conn:
            record = self.store.get_index(uid, conn)
            if record is None:
                raise index_not_found(uid)
            if primary_key is not None and primary_key != record.primary_key:
                if self.store.all_doc_ids(uid, conn)[:1]:
                    raise SoukError(
                        f"Index `{uid}`: Index already has a primary key: `{record.primary_key}`.",
                        "index_primary_key_already_exists",
                    )
                self.store.update_index(conn, uid, primary_key=primary_key)
            new_uid = task.details.get("newIndexUid")
            if new_uid:
                if self.store.get_index(new_uid, conn) is not None:
                    raise index_already_exists(new_uid)
                self.store.rename_index(conn, uid, new_uid)
            self._succeed(conn, task, task.details)
        self.engine.drop_runtime(uid)
        if task.details.get("newIndexUid"):
            self.engine.rename_index_files(uid, task.details["newIndexUid"])

    def _index_deletion(self, task: Task, _progress: TaskProgress | None) -> None:
        uid = str(task.index_uid)
        with self.store.transaction() as conn:
            if self.store.get_index(uid, conn) is None:
                raise index_not_found(uid)
            count = len(self.store.all_doc_ids(uid, conn))
            self.store.delete_index(conn, uid)
            self._succeed(conn, task, {"deletedDocuments": count})
        self.engine.drop_runtime(uid, remove_files=True)

    def _task_deletion(self, task: Task, _progress: TaskProgress | None) -> None:
        """Delete the finished tasks matching the filter (enqueued before this one)."""
        from souk.store.task_filter import parse_task_filter

        payload = self.store.task_payload(task.uid) or {}
        flt = parse_task_filter(payload.get("params", {}))
        matched = [t.uid for t in self.engine.query_tasks(flt, limit=None) if t.uid < task.uid]
        with self.store.transaction() as conn:
            deleted = self.store.delete_finished_tasks(conn, matched)
            self._succeed(
                conn, task, {**task.details, "matchedTasks": len(matched), "deletedTasks": deleted}
            )

    def _index_swap(self, task: Task, _progress: TaskProgress | None) -> None:
        """Swap pairs of indexes: documents, settings, derived files and task history."""
        swaps = task.details.get("swaps", [])
        pairs = [tuple(p["indexes"]) for p in swaps if not p.get("rename")]
        renames = [tuple(p["indexes"]) for p in swaps if p.get("rename")]
        with self.store.transaction() as conn:
            for a, b in pairs:
                for uid in (a, b):
                    if self.store.get_index(uid, conn) is None:
                        raise SoukError(
                            f"Indexes `{uid}` not found.", "index_not_found", status=404
                        )
            for old, new in renames:
                if self.store.get_index(old, conn) is None:
                    raise index_not_found(old)
                if self.store.get_index(new, conn) is not None:
                    raise index_already_exists(new)
                self.store.rename_index(conn, old, new)
            for a, b in pairs:
                temporary = f"__souk_swap_{task.uid}"
                self.store.rename_index(conn, a, temporary)
                self.store.rename_index(conn, b, a)
                self.store.rename_index(conn, temporary, b)
            self._succeed(conn, task, task.details)
        for a, b in pairs:
            self.engine.swap_index_files(a, b)
        for old, new in renames:
            self.engine.rename_index_files(old, new)

    def _reindex(self, task: Task, progress: TaskProgress | None) -> None:
        uid = str(task.index_uid)
        if self.store.get_index(uid) is None:
            raise index_not_found(uid)
        self.engine.drop_runtime(uid, remove_files=True)
        with self.store.transaction() as conn:
            self._succeed(conn, task, {})
        self.engine.runtime(
            uid,
            progress=None
            if progress is None
            else (lambda stage, d, t: progress(task, stage, d, t)),
        )

    def _recommendations_training(self, task: Task, progress: TaskProgress | None) -> None:
        """Fit the index's recommenders; the store is untouched, the model file is replaced."""
        from souk.recommend.training import train_index

        uid = str(task.index_uid)
        if self.store.get_index(uid) is None:
            raise index_not_found(uid)
        model = train_index(
            self.engine,
            uid,
            None if progress is None else (lambda stage, d, t: progress(task, stage, d, t)),
            incremental=bool(task.details.get("incremental")),
        )
        with self.store.transaction() as conn:
            self._succeed(conn, task, model.summary())

    # -- settings ------------------------------------------------------------------------
    def _settings_update(self, task: Task, progress: TaskProgress | None) -> None:
        uid = str(task.index_uid)
        record = self.store.get_index(uid)
        if record is None:  # as in Meilisearch, settings create a missing index
            if not valid_index_uid(uid):
                raise invalid_index_uid(uid)
            with self.store.transaction() as conn:
                self.store.insert_index(conn, uid, None, self._defaults())
            record = self.store.get_index(uid)
            assert record is not None
        patch = task.details
        updated = apply_settings_patch(record.settings, patch)
        if "embedders" in patch and patch["embedders"] is None:
            updated["embedders"] = self._defaults()["embedders"]  # reset to this server's default
        old_embedders = record.settings.get("embedders") or {}
        new_embedders = updated.get("embedders") or {}
        changed = [name for name, conf in new_embedders.items() if old_embedders.get(name) != conf]
        fresh: dict[str, list[tuple[int, str, bytes]]] = {}
        if changed:
            from souk.runtime.derived import open_embedders

            embedders = open_embedders(self.engine.config, {"embedders": new_embedders})
            docs = [d for batch in self.store.iter_documents(uid) for d in batch]
            layout = FieldLayout.from_settings(updated, record.fields)
            for name in changed:
                fresh[name] = self._embed(
                    task,
                    name,
                    new_embedders[name],
                    embedders[name],
                    [(d.iid, d.body) for d in docs],
                    layout,
                    progress,
                )
        with self.store.transaction() as conn:
            self.store.update_index(conn, uid, settings=updated)
            for name in set(old_embedders) - set(new_embedders):
                self.store.delete_embeddings(conn, uid, name)
            for name, rows in fresh.items():
                self.store.delete_embeddings(conn, uid, name)
                self.store.upsert_embeddings(conn, uid, name, rows)
            self._succeed(conn, task, patch)
        self.engine.drop_runtime(uid)
        self.engine.runtime(uid)

    # -- documents -----------------------------------------------------------------------
    def _document_addition(self, task: Task, progress: TaskProgress | None) -> None:
        uid = str(task.index_uid)
        record = self.store.get_index(uid)
        created = record is None
        if record is None:
            # Meilisearch creates a missing index on the first documents; here it is created in
            # the same transaction as the documents, so a failed task leaves no empty index.
            if not valid_index_uid(uid):
                raise invalid_index_uid(uid)
            record = IndexRecord(uid, None, self._defaults(), [], None, None)
        payload = self.store.task_payload(task.uid) or {}
        error = payload.get("error")
        if error:
            raise SoukError(error["message"], error.get("code", "malformed_payload"))
        documents: list[dict[str, Any]] = payload.get("documents", [])
        locations: list[int] = payload.get("locations") or list(range(1, len(documents) + 1))
        source = payload.get("source")
        kind = payload.get("locationKind", "record")
        primary_key = record.primary_key or payload.get("primaryKey")
        if (
            record.primary_key
            and payload.get("primaryKey")
            and payload["primaryKey"] != record.primary_key
        ):
            raise SoukError(
                f"Index `{uid}`: Index already has a primary key: `{record.primary_key}`.",
                "index_primary_key_already_exists",
            )
        if primary_key is None:
            primary_key = infer_primary_key(documents)
        ids = [
            document_id(doc, primary_key, source=source, location=loc, kind=kind)
            for doc, loc in zip(documents, locations, strict=False)
        ]
        bodies = dict(zip(ids, documents, strict=True))
        if payload.get("skipCreation"):  # only documents that already exist are written
            present = self.store.get_documents(uid, list(bodies)) if not created else {}
            bodies = {doc_id: body for doc_id, body in bodies.items() if doc_id in present}
        if payload.get("method") == "update":
            existing = self.store.get_documents(uid, list(bodies))
            bodies = {
                doc_id: {**existing[doc_id].body, **body} if doc_id in existing else body
                for doc_id, body in bodies.items()
            }
        fields = list(record.fields)
        known = set(fields)
        for body in bodies.values():
            for path in attribute_paths(body):
                if path not in known:
                    known.add(path)
                    fields.append(path)
        runtime = None if created else self.engine.runtime(uid)
        layout = FieldLayout.from_settings(record.settings, fields)
        embedders = (
            runtime.embedders if runtime is not None else self.engine.embedders_for(record.settings)
        )
        embedder_rows = self._document_embeddings(
            task,
            uid,
            embedders,
            record.settings,
            bodies,
            ids,
            layout,
            source,
            locations,
            kind,
            progress,
        )
        with self.store.transaction() as conn:
            if created:
                self.store.insert_index(conn, uid, None, record.settings)
            iids = self.store.upsert_documents(conn, uid, list(bodies.items()), task.uid)
            self.store.update_index(
                conn,
                uid,
                fields=fields if fields != record.fields else None,
                primary_key=primary_key if primary_key != record.primary_key else None,
            )
            for name, rows in embedder_rows.items():
                self.store.upsert_embeddings(
                    conn,
                    uid,
                    name,
                    [(iids[doc_id], text_hash, blob) for doc_id, text_hash, blob in rows],
                )
            self._succeed(
                conn, task, {"receivedDocuments": len(documents), "indexedDocuments": len(bodies)}
            )
        if runtime is None or layout != runtime.layout:
            self.engine.drop_runtime(uid)
            self.engine.runtime(uid)
            return
        runtime.record = self.store.get_index(uid) or runtime.record
        runtime.lexical.upsert((iids[d], d, body) for d, body in bodies.items())
        for name, rows in embedder_rows.items():
            vectors = runtime.vectors.get(name)
            if vectors is not None and rows:
                vectors.upsert(
                    np.asarray([iids[d] for d, _, _ in rows], dtype=np.int64),
                    np.stack([np.frombuffer(b, dtype=np.float32) for _, _, b in rows]),
                )
        self.engine.commit_derived(uid, task.uid)

    def _document_embeddings(
        self,
        task: Task,
        uid: str,
        embedders: Mapping[str, Any],
        settings: Mapping[str, Any],
        bodies: Mapping[str, Mapping[str, Any]],
        ids: Sequence[str],
        layout: FieldLayout,
        source: str | None,
        locations: Sequence[int],
        kind: str,
        progress: TaskProgress | None,
    ) -> dict[str, list[tuple[str, str, bytes]]]:
        """doc_id → (text hash, float32 vector) per embedder, only for changed documents."""
        out: dict[str, list[tuple[str, str, bytes]]] = {}
        location_of = dict(zip(ids, locations, strict=False))
        for name, conf in (settings.get("embedders") or {}).items():
            if conf.get("source") == "userProvided":
                out[name] = self._user_vectors(name, conf, bodies, source, location_of, kind)
                continue
            embedder = embedders.get(name)
            if embedder is None:
                continue
            existing = self.store.get_documents(uid, list(bodies))
            stored = self.store.embedding_hashes(uid, name, [d.iid for d in existing.values()])
            todo: list[tuple[str, str, str]] = []
            for doc_id, body in bodies.items():
                text = render_template(conf.get("documentTemplate"), body, list(layout.searchable))
                text_hash = hashlib.sha1(text.encode()).hexdigest()
                old = existing.get(doc_id)
                if old is not None and stored.get(old.iid) == text_hash:
                    continue
                todo.append((doc_id, text, text_hash))
            rows: list[tuple[str, str, bytes]] = []
            if todo:

                def report(done: int, total: int = len(todo), stage: str = name) -> None:
                    if progress is not None:
                        progress(task, f"embedding ({stage})", done, total)

                vectors = embedder.embed_documents([t for _, t, _ in todo], progress=report)
                for (doc_id, _, text_hash), vector in zip(todo, vectors, strict=True):
                    rows.append((doc_id, text_hash, np.asarray(vector, np.float32).tobytes()))
            out[name] = rows
        return out

    @staticmethod
    def _user_vectors(
        name: str,
        conf: Mapping[str, Any],
        bodies: Mapping[str, Mapping[str, Any]],
        source: str | None,
        location_of: Mapping[str, int],
        kind: str,
    ) -> list[tuple[str, str, bytes]]:
        from souk.store.validation import where

        dims = int(conf["dimensions"])
        rows: list[tuple[str, str, bytes]] = []
        for doc_id, body in bodies.items():
            raw = (
                (body.get("_vectors") or {}).get(name)
                if isinstance(body.get("_vectors"), Mapping)
                else None
            )
            if isinstance(raw, Mapping):
                raw = raw.get("embeddings")
            if raw is None:
                continue
            if raw and isinstance(raw[0], list):
                raw = raw[0]
            prefix = where(source, location_of.get(doc_id), kind)
            try:
                vector = np.asarray(raw, dtype=np.float32)
            except (TypeError, ValueError) as exc:
                raise SoukError(
                    f"{prefix}field `_vectors.{name}`: expected an array of numbers",
                    "invalid_vectors",
                ) from exc
            if vector.shape != (dims,) or not np.all(np.isfinite(vector)):
                raise SoukError(
                    f"{prefix}field `_vectors.{name}`: expected {dims} finite numbers, got "
                    f"{vector.size}",
                    "invalid_vector_dimensions",
                )
            norm = float(np.linalg.norm(vector)) or 1.0
            rows.append((doc_id, "user", (vector / norm).astype(np.float32).tobytes()))
        return rows

    def _embed(
        self,
        task: Task,
        name: str,
        conf: Mapping[str, Any],
        embedder: Any,
        docs: Sequence[tuple[int, Mapping[str, Any]]],
        layout: FieldLayout,
        progress: TaskProgress | None,
    ) -> list[tuple[int, str, bytes]]:
        if conf.get("source") == "userProvided":
            rows = self._user_vectors(name, conf, {str(i): b for i, b in docs}, None, {}, "record")
            return [(int(doc_id), h, blob) for doc_id, h, blob in rows]
        texts = [
            render_template(conf.get("documentTemplate"), body, list(layout.searchable))
            for _, body in docs
        ]

        def report(done: int) -> None:
            if progress is not None:
                progress(task, f"embedding ({name})", done, len(texts))

        vectors = embedder.embed_documents(texts, progress=report) if texts else []
        return [
            (iid, hashlib.sha1(text.encode()).hexdigest(), np.asarray(vec, np.float32).tobytes())
            for (iid, _), text, vec in zip(docs, texts, vectors, strict=True)
        ]

    def _document_deletion(self, task: Task, _progress: TaskProgress | None) -> None:
        uid = str(task.index_uid)
        if self.store.get_index(uid) is None:
            raise index_not_found(uid)
        payload = self.store.task_payload(task.uid) or {}
        runtime = self.engine.runtime(uid)
        if payload.get("filter") is not None:
            from souk.search.pipeline import filter_query

            try:
                query = filter_query(runtime, payload["filter"])
            except SoukError as exc:
                raise SoukError(exc.message, "invalid_document_filter") from exc
            if query is None:
                raise SoukError(
                    "Invalid filter: an empty filter deletes nothing; use "
                    "`DELETE /indexes/{uid}/documents` to delete all documents.",
                    "invalid_document_filter",
                )
            iids = runtime.lexical.all_iids(query)
            ids = [d.doc_id for d in self.store.get_documents_by_iid(uid, iids).values()]
        elif payload.get("all"):
            ids = self.store.all_doc_ids(uid)
        else:
            ids = [str(i) for i in payload.get("ids", [])]
        with self.store.transaction() as conn:
            gone = self.store.delete_documents(conn, uid, ids, task.uid)
            details = dict(task.details)
            details["deletedDocuments"] = len(gone)
            self._succeed(conn, task, details)
        runtime.lexical.delete(iid for _, iid in gone)
        for vectors in runtime.vectors.values():
            vectors.delete([iid for _, iid in gone])
        self.engine.commit_derived(uid, task.uid)
