"""``settingsUpdate``: validate and apply a settings patch, re-embedding for changed embedders."""

from __future__ import annotations

from souk.errors import invalid_index_uid
from souk.retrieval.layout import FieldLayout
from souk.store.settings import apply_settings_patch
from souk.store.validation import valid_index_uid
from souk.tasks.context import TaskContext
from souk.tasks.handlers.embedding import embed_all


def settings_update(ctx: TaskContext) -> None:
    uid = ctx.index_uid
    store = ctx.store
    record = store.get_index(uid)
    if record is None:  # as in Meilisearch, settings create a missing index
        if not valid_index_uid(uid):
            raise invalid_index_uid(uid)
        with store.transaction() as conn:
            store.insert_index(conn, uid, None, ctx.defaults())
        record = store.get_index(uid)
        assert record is not None
    patch = ctx.task.details
    updated = apply_settings_patch(record.settings, patch)
    if "embedders" in patch and patch["embedders"] is None:
        updated["embedders"] = ctx.defaults()["embedders"]  # reset to this server's default
    old_embedders = record.settings.get("embedders") or {}
    new_embedders = updated.get("embedders") or {}
    changed = [name for name, conf in new_embedders.items() if old_embedders.get(name) != conf]
    fresh: dict[str, list[tuple[int, str, bytes]]] = {}
    if changed:
        embedders = ctx.runtimes.embedders_for({"embedders": new_embedders})
        docs = [d for batch in store.iter_documents(uid) for d in batch]
        layout = FieldLayout.from_settings(updated, record.fields)
        for name in changed:
            fresh[name] = embed_all(
                ctx,
                name,
                new_embedders[name],
                embedders[name],
                [(d.iid, d.body) for d in docs],
                layout,
            )
    with store.transaction() as conn:
        store.update_index(conn, uid, settings=updated)
        for name in set(old_embedders) - set(new_embedders):
            store.delete_embeddings(conn, uid, name)
        for name, rows in fresh.items():
            store.delete_embeddings(conn, uid, name)
            store.upsert_embeddings(conn, uid, name, rows)
        ctx.succeed(conn, patch)
    ctx.runtimes.drop(uid)
    ctx.runtimes.runtime(uid)
