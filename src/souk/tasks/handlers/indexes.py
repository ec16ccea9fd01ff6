"""Index tasks: create, update (primary key, rename), delete, swap, reindex."""

from __future__ import annotations

from souk.errors import SoukError, index_already_exists, index_not_found, invalid_index_uid
from souk.store.settings import apply_settings_patch
from souk.store.validation import valid_index_uid
from souk.tasks.context import TaskContext


def index_creation(ctx: TaskContext) -> None:
    uid = ctx.index_uid
    if not valid_index_uid(uid):
        raise invalid_index_uid(uid)
    primary_key = ctx.task.details.get("primaryKey")
    with ctx.store.transaction() as conn:
        if ctx.store.get_index(uid, conn) is not None:
            raise index_already_exists(uid)
        settings = apply_settings_patch(ctx.defaults(), ctx.task.details.get("settings") or {})
        ctx.store.insert_index(conn, uid, primary_key, settings)
        ctx.succeed(conn, {"primaryKey": primary_key})
    ctx.runtimes.drop(uid)


def index_update(ctx: TaskContext) -> None:
    uid = ctx.index_uid
    details = ctx.task.details
    primary_key = details.get("primaryKey")
    with ctx.store.transaction() as conn:
        record = ctx.store.get_index(uid, conn)
        if record is None:
            raise index_not_found(uid)
        if primary_key is not None and primary_key != record.primary_key:
            if ctx.store.all_doc_ids(uid, conn)[:1]:
                raise SoukError(
                    f"Index `{uid}`: Index already has a primary key: `{record.primary_key}`.",
                    "index_primary_key_already_exists",
                )
            ctx.store.update_index(conn, uid, primary_key=primary_key)
        new_uid = details.get("newIndexUid")
        if new_uid:
            if ctx.store.get_index(new_uid, conn) is not None:
                raise index_already_exists(new_uid)
            ctx.store.rename_index(conn, uid, new_uid)
        ctx.succeed(conn, details)
    ctx.runtimes.drop(uid)
    if details.get("newIndexUid"):
        ctx.runtimes.rename_files(uid, details["newIndexUid"])


def index_deletion(ctx: TaskContext) -> None:
    uid = ctx.index_uid
    with ctx.store.transaction() as conn:
        if ctx.store.get_index(uid, conn) is None:
            raise index_not_found(uid)
        count = len(ctx.store.all_doc_ids(uid, conn))
        ctx.store.delete_index(conn, uid)
        ctx.succeed(conn, {"deletedDocuments": count})
    ctx.runtimes.drop(uid, remove_files=True)


def index_swap(ctx: TaskContext) -> None:
    """Swap pairs of indexes: documents, settings, derived files and task history."""
    swaps = ctx.task.details.get("swaps", [])
    pairs = [tuple(p["indexes"]) for p in swaps if not p.get("rename")]
    renames = [tuple(p["indexes"]) for p in swaps if p.get("rename")]
    store = ctx.store
    with store.transaction() as conn:
        for a, b in pairs:
            for uid in (a, b):
                if store.get_index(uid, conn) is None:
                    raise SoukError(f"Indexes `{uid}` not found.", "index_not_found")
        for old, new in renames:
            if store.get_index(old, conn) is None:
                raise index_not_found(old)
            if store.get_index(new, conn) is not None:
                raise index_already_exists(new)
            store.rename_index(conn, old, new)
        for a, b in pairs:
            temporary = f"__souk_swap_{ctx.task.uid}"
            store.rename_index(conn, a, temporary)
            store.rename_index(conn, b, a)
            store.rename_index(conn, temporary, b)
        ctx.succeed(conn, ctx.task.details)
    for a, b in pairs:
        ctx.runtimes.swap_files(a, b)
    for old, new in renames:
        ctx.runtimes.rename_files(old, new)


def reindex(ctx: TaskContext) -> None:
    """Rebuild the derived indexes from the store (the store itself is untouched)."""
    uid = ctx.index_uid
    if ctx.store.get_index(uid) is None:
        raise index_not_found(uid)
    ctx.runtimes.drop(uid, remove_files=True)
    with ctx.store.transaction() as conn:
        ctx.succeed(conn, {})
    ctx.runtimes.runtime(uid, progress=ctx.stage_progress())
