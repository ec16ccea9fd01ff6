"""Document tasks: add or update a batch, delete by ids, by filter or all."""

from __future__ import annotations

from typing import Any

import numpy as np

from souk.errors import SoukError, index_not_found, invalid_index_uid
from souk.retrieval.layout import FieldLayout
from souk.store.store import IndexRecord
from souk.store.validation import (
    attribute_paths,
    document_id,
    infer_primary_key,
    valid_index_uid,
)
from souk.tasks.context import TaskContext
from souk.tasks.handlers.embedding import document_embeddings


def document_addition(ctx: TaskContext) -> None:
    uid = ctx.index_uid
    store = ctx.store
    record = store.get_index(uid)
    created = record is None
    if record is None:
        # Meilisearch creates a missing index on the first documents; here it is created in
        # the same transaction as the documents, so a failed task leaves no empty index.
        if not valid_index_uid(uid):
            raise invalid_index_uid(uid)
        record = IndexRecord(uid, None, ctx.defaults(), [], None, None)
    payload = store.task_payload(ctx.task.uid) or {}
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
        and payload["primaryKey"] != (record.primary_key)
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
        present = store.get_documents(uid, list(bodies)) if not created else {}
        bodies = {doc_id: body for doc_id, body in bodies.items() if doc_id in present}
    if payload.get("method") == "update":
        existing = store.get_documents(uid, list(bodies))
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
    runtime = None if created else ctx.runtimes.runtime(uid)
    layout = FieldLayout.from_settings(record.settings, fields)
    embedders = (
        runtime.embedders if runtime is not None else ctx.runtimes.embedders_for(record.settings)
    )
    embedder_rows = document_embeddings(
        ctx, embedders, record.settings, bodies, ids, layout, source, locations, kind
    )
    with store.transaction() as conn:
        if created:
            store.insert_index(conn, uid, None, record.settings)
        iids = store.upsert_documents(conn, uid, list(bodies.items()), ctx.task.uid)
        store.update_index(
            conn,
            uid,
            fields=fields if fields != record.fields else None,
            primary_key=primary_key if primary_key != record.primary_key else None,
        )
        for name, rows in embedder_rows.items():
            store.upsert_embeddings(
                conn,
                uid,
                name,
                [(iids[doc_id], text_hash, blob) for doc_id, text_hash, blob in rows],
            )
        ctx.succeed(conn, {"receivedDocuments": len(documents), "indexedDocuments": len(bodies)})
    if runtime is None or layout != runtime.layout:
        ctx.runtimes.drop(uid)
        ctx.runtimes.runtime(uid)
        return
    runtime.record = store.get_index(uid) or runtime.record
    runtime.lexical.upsert((iids[d], d, body) for d, body in bodies.items())
    for name, rows in embedder_rows.items():
        vectors = runtime.vectors.get(name)
        if vectors is not None and rows:
            vectors.upsert(
                np.asarray([iids[d] for d, _, _ in rows], dtype=np.int64),
                np.stack([np.frombuffer(b, dtype=np.float32) for _, _, b in rows]),
            )
    ctx.runtimes.commit(uid, ctx.task.uid)


def document_deletion(ctx: TaskContext) -> None:
    uid = ctx.index_uid
    store = ctx.store
    if store.get_index(uid) is None:
        raise index_not_found(uid)
    payload = store.task_payload(ctx.task.uid) or {}
    runtime = ctx.runtimes.runtime(uid)
    if payload.get("filter") is not None:
        try:
            query = runtime.compile_filter(payload["filter"])
        except SoukError as exc:
            raise SoukError(exc.message, "invalid_document_filter") from exc
        if query is None:
            raise SoukError(
                "Invalid filter: an empty filter deletes nothing; use "
                "`DELETE /indexes/{uid}/documents` to delete all documents.",
                "invalid_document_filter",
            )
        iids = runtime.lexical.all_iids(query)
        ids = [d.doc_id for d in store.get_documents_by_iid(uid, iids).values()]
    elif payload.get("all"):
        ids = store.all_doc_ids(uid)
    else:
        ids = [str(i) for i in payload.get("ids", [])]
    with store.transaction() as conn:
        gone = store.delete_documents(conn, uid, ids, ctx.task.uid)
        details = dict(ctx.task.details)
        details["deletedDocuments"] = len(gone)
        ctx.succeed(conn, details)
    runtime.lexical.delete(iid for _, iid in gone)
    for vectors in runtime.vectors.values():
        vectors.delete([iid for _, iid in gone])
    ctx.runtimes.commit(uid, ctx.task.uid)
