"""Writing a backup: the whole store as of one moment, streamed in chunks into one file.

Every table is read inside one read transaction (a WAL snapshot on SQLite, ``REPEATABLE READ``
on PostgreSQL), so events or keys written while a dump runs are either wholly in it or not at
all; tasks cannot change meanwhile, since the backup runs as a task of the one writer. Rows are
fetched in batches and written in chunks of a few MiB, so memory stays flat whatever the size
of the catalog.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Table, create_engine, func, select, update
from sqlalchemy.pool import NullPool

from souk.store import schema as t
from souk.store.backup.archive import ArchiveWriter
from souk.store.backup.codec import RowEncoder
from souk.store.backup.format import (
    DATA_DIRECTORIES,
    DATABASE_MEMBER,
    FILES_PREFIX,
    METADATA_MEMBER,
    TABLES_PREFIX,
    Content,
    Kind,
    Metadata,
    TableInfo,
    backup_uid,
    souk_version,
)
from souk.store.database import Database, dumps
from souk.store.task_records import TaskStatus, iso, utc_now

log = logging.getLogger("souk.backup")

#: ``(stage, done, total)``: the table being written and how many of its rows are
Progress = Callable[[str, int, int], None]

#: rows fetched from the database at a time
READ_BATCH = 1000
#: bytes of NDJSON per archive member (members must know their size before they are written)
CHUNK_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class OwnTask:
    """The task that writes the backup. The backup keeps it as succeeded with ``details`` (what
    Meilisearch does with its own dump task), so a restore neither runs it again nor shows it
    unfinished."""

    uid: int
    details: dict[str, Any]


@dataclass(frozen=True)
class BackupResult:
    """A written backup: its uid (file name without suffix), path, rows per table, size."""

    uid: str
    kind: Kind
    path: Path
    rows: dict[str, int]
    files: int
    bytes: int
    seconds: float

    def summary(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "kind": self.kind.value,
            "path": str(self.path),
            "rows": self.rows,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
        }


def new_backup_uid(directory: Path, kind: Kind) -> str:
    """A fresh ``YYYYMMDD-HHMMSSmmm`` name for a backup in ``directory``."""
    base = uid = backup_uid()
    attempt = 1
    while (directory / f"{uid}{kind.suffix}").exists():
        uid = f"{base}-{attempt}"
        attempt += 1
    return uid


def write_backup(
    db: Database,
    directory: Path,
    *,
    kind: Kind,
    data_dir: Path,
    uid: str | None = None,
    own_task: OwnTask | None = None,
    progress: Progress | None = None,
) -> BackupResult:
    """Write ``<directory>/<uid>.dump`` (or ``.snapshot``) and return what it holds.

    A dump, and a snapshot of PostgreSQL, hold the tables as NDJSON; a snapshot of SQLite holds
    the database file, copied with SQLite's online backup API while the server keeps serving.
    """
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    uid = uid or new_backup_uid(directory, kind)
    path = directory / f"{uid}{kind.suffix}"
    files = data_files(data_dir)
    if kind is Kind.SNAPSHOT and db.is_sqlite:
        rows = _write_sqlite_file(db, path, uid, files, own_task, progress)
    else:
        rows = _write_tables(db, path, uid, kind, files, own_task, progress)
    result = BackupResult(
        uid=uid,
        kind=kind,
        path=path,
        rows=rows,
        files=len(files),
        bytes=path.stat().st_size,
        seconds=time.perf_counter() - started,
    )
    log.info(
        "%s %s written: %d rows, %d files, %.1f MiB in %.2fs",
        kind.value,
        path,
        sum(rows.values()),
        len(files),
        result.bytes / 2**20,
        result.seconds,
    )
    return result


def data_files(data_dir: Path) -> list[tuple[str, Path]]:
    """The files of :data:`DATA_DIRECTORIES`, as ``(path relative to data_dir, path)``."""
    found: list[tuple[str, Path]] = []
    for name in DATA_DIRECTORIES:
        root = data_dir / name
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.endswith(".tmp"):
                found.append((path.relative_to(data_dir).as_posix(), path))
    return found


@contextmanager
def consistent_read(db: Database) -> Iterator[Connection]:
    """One connection that sees the store as of one moment for as long as it is open."""
    if db.is_sqlite:
        with db.engine.connect() as conn:
            # pysqlite opens no transaction for reads: begin one, so every table is read from the
            # same WAL snapshot (writers go on; the snapshot ends with the rollback)
            conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()
    else:
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn


def _metadata(
    uid: str,
    kind: Kind,
    content: Content,
    backend: str,
    tables: dict[str, TableInfo],
    files: list[tuple[str, Path]],
) -> Metadata:
    return Metadata(
        uid=uid,
        kind=kind,
        content=content,
        created_at=str(iso(utc_now())),
        souk_version=souk_version(),
        backend=backend,
        tables=tables,
        files=[name for name, _ in files],
    )


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _write_tables(
    db: Database,
    path: Path,
    uid: str,
    kind: Kind,
    files: list[tuple[str, Path]],
    own_task: OwnTask | None,
    progress: Progress | None,
) -> dict[str, int]:
    backend = "sqlite" if db.is_sqlite else "postgresql"
    with consistent_read(db) as conn:
        tables = {
            str(table.name): TableInfo([str(c.name) for c in table.columns], _count(conn, table))
            for table in t.metadata.sorted_tables
        }
        metadata = _metadata(uid, kind, Content.TABLES, backend, tables, files)
        with ArchiveWriter(path) as archive:
            archive.add_bytes(METADATA_MEMBER, metadata.to_json())
            for table in t.metadata.sorted_tables:
                _write_table(conn, table, tables[str(table.name)].rows, archive, own_task, progress)
            _write_files(archive, files)
            archive.commit()
    return {name: info.rows for name, info in tables.items()}


def _write_table(
    conn: Connection,
    table: Table,
    total: int,
    archive: ArchiveWriter,
    own_task: OwnTask | None,
    progress: Progress | None,
) -> None:
    encoder = RowEncoder(table)
    query = select(table).order_by(*table.primary_key.columns)
    result = conn.execute(query, execution_options={"yield_per": READ_BATCH})
    buffer = bytearray()
    chunk = 0
    done = 0

    def flush() -> None:
        nonlocal chunk
        chunk += 1
        archive.add_bytes(f"{TABLES_PREFIX}{table.name}/{chunk:06d}.ndjson", bytes(buffer))
        buffer.clear()

    for partition in result.mappings().partitions():
        for row in partition:
            encoded = encoder.encode(row)
            if own_task is not None and table is t.tasks and encoded["uid"] == own_task.uid:
                encoded = _finished(encoded, own_task)
            buffer += orjson.dumps(encoded)
            buffer += b"\n"
            if len(buffer) >= CHUNK_BYTES:
                flush()
        done += len(partition)
        if progress is not None:
            progress(table.name, done, total)
    if buffer:
        flush()
    if done != total:  # cannot happen inside one read transaction; never write a lie
        raise RuntimeError(f"{table.name}: counted {total} rows but read {done}")


def _finished(row: dict[str, Any], own_task: OwnTask) -> dict[str, Any]:
    now = utc_now().isoformat()
    return {
        **row,
        "status": TaskStatus.SUCCEEDED.value,
        "details": dumps(own_task.details),
        "error": None,
        "payload": None,
        "started_at": row.get("started_at") or now,
        "finished_at": now,
    }


def _write_files(archive: ArchiveWriter, files: list[tuple[str, Path]]) -> None:
    for name, path in files:
        archive.add_file(FILES_PREFIX + name, path)


def _write_sqlite_file(
    db: Database,
    path: Path,
    uid: str,
    files: list[tuple[str, Path]],
    own_task: OwnTask | None,
    progress: Progress | None,
) -> dict[str, int]:
    temporary = path.with_name(f".{uid}.db.tmp")
    try:
        _copy_online(db, temporary)
        tables = _finish_copy(temporary, own_task)
        if progress is not None:
            progress("database", 1, 1)
        metadata = _metadata(uid, Kind.SNAPSHOT, Content.SQLITE, "sqlite", tables, files)
        with ArchiveWriter(path) as archive:
            archive.add_bytes(METADATA_MEMBER, metadata.to_json())
            archive.add_file(DATABASE_MEMBER, temporary)
            _write_files(archive, files)
            archive.commit()
    finally:
        temporary.unlink(missing_ok=True)
    return {name: info.rows for name, info in tables.items()}


def _copy_online(db: Database, target: Path) -> None:
    """SQLite's online backup: one consistent copy of the live database (WAL included), taken
    in a single step so concurrent writers neither block nor restart it."""
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        raw.close()


def _finish_copy(path: Path, own_task: OwnTask | None) -> dict[str, TableInfo]:
    """Mark the snapshot's own task succeeded in the copy, count its rows, and leave it one
    self-contained file (no ``-wal``)."""
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        t.metadata.create_all(engine)  # a table this souk knows but the copy lacks: empty
        with engine.begin() as conn:
            if own_task is not None:
                now = utc_now()
                conn.execute(
                    update(t.tasks)
                    .where(t.tasks.c.uid == own_task.uid)
                    .values(
                        status=TaskStatus.SUCCEEDED.value,
                        details=dumps(own_task.details),
                        error=None,
                        payload=None,
                        started_at=func.coalesce(t.tasks.c.started_at, now),
                        finished_at=now,
                    )
                )
            tables = {
                str(table.name): TableInfo(
                    [str(c.name) for c in table.columns], _count(conn, table)
                )
                for table in t.metadata.sorted_tables
            }
    finally:
        engine.dispose()
    copy = sqlite3.connect(path)
    try:
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    return tables
