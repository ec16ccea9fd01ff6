"""``dumpCreation`` and ``snapshotCreation``: write a backup of the whole store.

They run as tasks of the one writer, as in Meilisearch, so no other task changes the store while
the backup reads it. The store is not changed by them except for their own status; the backup
keeps its own task as succeeded (see :class:`souk.store.backup.OwnTask`).
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from souk.errors import Code, SoukError
from souk.store.backup import BackupResult, Kind, OwnTask, new_backup_uid, write_backup
from souk.tasks.context import TaskContext


def dump_creation(ctx: TaskContext) -> None:
    """Write ``<dump_dir>/<dumpUid>.dump``; the task's details name it (``dumpUid``)."""
    directory = ctx.config.dumps_path
    directory.mkdir(parents=True, exist_ok=True)
    uid = new_backup_uid(directory, Kind.DUMP)
    details = {**ctx.task.details, "dumpUid": uid}
    _write(ctx, Kind.DUMP, uid, details, Code.DUMP_PROCESS_FAILED)
    with ctx.store.transaction() as conn:
        ctx.succeed(conn, details)


def snapshot_creation(ctx: TaskContext) -> None:
    """Write ``<snapshot_dir>/<uid>.snapshot``: the SQLite file copied online, or on PostgreSQL
    the same content as a dump (see docs/backups.md)."""
    directory = ctx.config.snapshots_path
    directory.mkdir(parents=True, exist_ok=True)
    uid = new_backup_uid(directory, Kind.SNAPSHOT)
    details = dict(ctx.task.details)
    _write(ctx, Kind.SNAPSHOT, uid, details, Code.SNAPSHOT_PROCESS_FAILED)
    with ctx.store.transaction() as conn:
        ctx.succeed(conn, details)


def _write(
    ctx: TaskContext, kind: Kind, uid: str, details: dict[str, object], code: Code
) -> BackupResult:
    directory = ctx.config.dumps_path if kind is Kind.DUMP else ctx.config.snapshots_path
    try:
        return write_backup(
            ctx.store,
            directory,
            kind=kind,
            data_dir=ctx.config.data_dir,
            uid=uid,
            own_task=OwnTask(ctx.task.uid, ctx.with_metadata(details)),
            progress=ctx.stage_progress(),
        )
    except (OSError, SQLAlchemyError) as exc:
        raise SoukError(f"The {kind.value} could not be written: {exc}", code) from exc
