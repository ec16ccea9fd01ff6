"""Loading a backup into the store: every table replaced in one transaction, or nothing at all.

``metadata.json`` is checked before anything else (format, version, tables this souk knows);
rows are then decoded, checked and inserted in batches while the file streams, and the counts
``metadata.json`` promised are compared at the end. Any problem (a damaged file, a bad row, a
count that does not match) raises before the commit, so the store is left as it was. Files of
the backup (trained models) are put in a staging directory for the caller to move into place
once the transaction has committed.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import orjson
from sqlalchemy import Connection, Table, create_engine, func, insert, inspect, select
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from sqlalchemy.pool import NullPool

from souk.errors import Code, SoukError
from souk.store import schema as t
from souk.store.backup.archive import damage_is_invalid, read_members
from souk.store.backup.codec import RowDecoder
from souk.store.backup.format import (
    DATA_DIRECTORIES,
    DATABASE_MEMBER,
    FILES_PREFIX,
    METADATA_MEMBER,
    TABLES_PREFIX,
    Content,
    Metadata,
    invalid_backup,
)
from souk.store.database import Database

log = logging.getLogger("souk.backup")

Progress = Callable[[str, int, int], None]

INSERT_BATCH = 1000
MAX_METADATA_BYTES = 16 * 1024 * 1024
#: tables a server fills by itself at start (its default API keys): they do not make a store
#: "not empty", and a restore replaces them like every other table
SELF_FILLED = frozenset({t.keys.name})


@dataclass(frozen=True)
class RestoreResult:
    """What a restore loaded: the backup's metadata, rows per table, files staged."""

    metadata: Metadata
    rows: dict[str, int]
    files: list[str]
    seconds: float

    def summary(self) -> dict[str, Any]:
        return {
            **self.metadata.summary(),
            "rows": self.rows,
            "files": len(self.files),
            "seconds": round(self.seconds, 3),
        }


def read_metadata(source: Path) -> Metadata:
    """The backup's ``metadata.json``, checked (a clear error for anything else)."""
    with damage_is_invalid(source):
        members = read_members(source)
        try:
            return _metadata(source, next(members, None))
        finally:
            members.close()


def _metadata(source: Path, first: tuple[str, IO[bytes]] | None) -> Metadata:
    if first is None:
        raise invalid_backup(source, "the archive is empty")
    name, stream = first
    if name != METADATA_MEMBER:
        raise invalid_backup(
            source, f"it does not start with `{METADATA_MEMBER}` (its first member is `{name}`)"
        )
    metadata = Metadata.from_json(stream.read(MAX_METADATA_BYTES + 1), source)
    unknown = [name for name in metadata.tables if name not in t.metadata.tables]
    if unknown:
        raise invalid_backup(
            source, f"it holds table `{unknown[0]}`, unknown to this souk (written by a newer one?)"
        )
    return metadata


def store_contents(conn: Connection) -> dict[str, int]:
    """Rows of each non-empty table, but those a server fills by itself (default keys)."""
    counts: dict[str, int] = {}
    for table in t.metadata.sorted_tables:
        if table.name in SELF_FILLED:
            continue
        rows = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        if rows:
            counts[str(table.name)] = rows
    return counts


def target_not_empty(db: Database, contents: dict[str, int]) -> SoukError:
    where = db.engine.url.render_as_string(hide_password=True)
    held = ", ".join(f"{name}: {rows}" for name, rows in contents.items())
    return SoukError(
        f"The store `{where}` already holds data ({held}). Restore into an empty data "
        "directory or database, or replace everything in it on purpose (`souk restore --force`).",
        Code.RESTORE_TARGET_NOT_EMPTY,
    )


def load_backup(
    db: Database,
    source: Path,
    *,
    staging: Path,
    replace: bool = False,
    progress: Progress | None = None,
) -> RestoreResult:
    """Replace the store's rows with the backup's, in one transaction.

    Refuses a store that holds data unless ``replace``. The backup's files are written under
    ``staging`` (same relative paths as under the data directory) for the caller to install.
    """
    started = time.perf_counter()
    with damage_is_invalid(source), db.transaction() as conn:
        members = read_members(source)
        try:
            metadata = _metadata(source, next(members, None))
            if not replace and (contents := store_contents(conn)):
                raise target_not_empty(db, contents)
            for table in reversed(t.metadata.sorted_tables):
                conn.execute(table.delete())
            loader = _Loader(conn, source, metadata, staging, progress)
            for name, stream in members:
                loader.member(name, stream)
            loader.finish()
        finally:
            members.close()
        _reset_sequences(conn, db)
    result = RestoreResult(metadata, loader.rows, loader.files, time.perf_counter() - started)
    log.info(
        "restored %s (%s of %s): %d rows, %d files in %.2fs",
        source,
        metadata.kind.value,
        metadata.created_at,
        sum(loader.rows.values()),
        len(loader.files),
        result.seconds,
    )
    return result


@dataclass
class _Loader:
    """Feeds the archive's members into the open transaction and the staging directory."""

    conn: Connection
    source: Path
    metadata: Metadata
    staging: Path
    progress: Progress | None
    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    _decoders: dict[str, RowDecoder] = field(default_factory=dict)

    def member(self, name: str, stream: IO[bytes]) -> None:
        if name.startswith(TABLES_PREFIX) and self.metadata.content is Content.TABLES:
            self._table_chunk(name, stream)
        elif name == DATABASE_MEMBER and self.metadata.content is Content.SQLITE:
            self._database(stream)
        elif name.startswith(FILES_PREFIX):
            self._file(name, stream)
        else:
            raise invalid_backup(self.source, f"unexpected member `{name}`")

    def finish(self) -> None:
        for name, info in self.metadata.tables.items():
            found = self.rows.get(name, 0)
            if found != info.rows:
                raise invalid_backup(
                    self.source,
                    f"table `{name}` should have {info.rows} rows but has {found} "
                    "(is the file truncated?)",
                )
        missing = sorted(set(self.metadata.files) - set(self.files))
        if missing:
            raise invalid_backup(self.source, f"file `{missing[0]}` is listed but missing")

    # -- NDJSON tables ---------------------------------------------------------------------
    def _table_chunk(self, name: str, stream: IO[bytes]) -> None:
        parts = PurePosixPath(name).parts
        table_name = parts[1] if len(parts) == 3 else ""
        if table_name not in self.metadata.tables:
            raise invalid_backup(self.source, f"member `{name}` is not a table the file lists")
        table = t.metadata.tables[table_name]
        decoder = self._decoders.get(table_name)
        if decoder is None:
            columns = self.metadata.tables[table_name].columns
            decoder = self._decoders[table_name] = RowDecoder(table, columns, self.source)
        batch: list[dict[str, Any]] = []
        for line_number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            where = f"`{name}` line {line_number}"
            try:
                raw = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise invalid_backup(self.source, f"{where} is not valid JSON") from None
            batch.append(decoder.decode(raw, where))
            if len(batch) >= INSERT_BATCH:
                self._insert(table, batch)
                batch = []
        if batch:
            self._insert(table, batch)

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        try:
            self.conn.execute(insert(table), rows)
        except (IntegrityError, DataError, StatementError) as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise invalid_backup(
                self.source, f"table `{table.name}`: the database refused a row ({reason})"
            ) from None
        name = str(table.name)
        done = self.rows[name] = self.rows.get(name, 0) + len(rows)
        if self.progress is not None:
            self.progress(name, done, self.metadata.tables[name].rows)

    # -- a SQLite database file ------------------------------------------------------------
    def _database(self, stream: IO[bytes]) -> None:
        self.staging.mkdir(parents=True, exist_ok=True)
        path = self.staging / ".snapshot.db"
        with path.open("wb") as handle:
            shutil.copyfileobj(stream, handle, 1024 * 1024)
        try:
            self._copy_database(path)
        finally:
            path.unlink(missing_ok=True)

    def _copy_database(self, path: Path) -> None:
        try:
            check = sqlite3.connect(path)
            try:
                verdict = check.execute("PRAGMA quick_check").fetchone()
            finally:
                check.close()
        except sqlite3.DatabaseError as exc:
            raise invalid_backup(self.source, f"its database is unreadable ({exc})") from None
        if verdict is None or verdict[0] != "ok":
            raise invalid_backup(self.source, f"its database is damaged ({verdict})")
        engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
        try:
            present = set(inspect(engine).get_table_names())
            with engine.connect() as source:
                for table in t.metadata.sorted_tables:
                    if table.name in present:
                        self._copy_table(source, table, _columns(engine, table))
        finally:
            engine.dispose()

    def _copy_table(self, source: Connection, table: Table, columns: list[str]) -> None:
        unknown = [name for name in columns if name not in table.c]
        if unknown:
            raise invalid_backup(
                self.source,
                f"table `{table.name}` has column `{unknown[0]}`, unknown to this souk "
                "(was it written by a newer souk?)",
            )
        query = select(*[table.c[name] for name in columns]).order_by(*table.primary_key.columns)
        result = source.execute(query, execution_options={"yield_per": INSERT_BATCH})
        for partition in result.mappings().partitions():
            self._insert(table, [dict(row) for row in partition])

    # -- files under the data directory ------------------------------------------------------
    def _file(self, name: str, stream: IO[bytes]) -> None:
        relative = PurePosixPath(name[len(FILES_PREFIX) :])
        if not relative.parts or relative.parts[0] not in DATA_DIRECTORIES:
            raise invalid_backup(self.source, f"member `{name}` is outside the kept directories")
        target = self.staging.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            shutil.copyfileobj(stream, handle, 1024 * 1024)
        self.files.append(relative.as_posix())


def _columns(engine: Any, table: Table) -> list[str]:
    return [str(column["name"]) for column in inspect(engine).get_columns(table.name)]


def _reset_sequences(conn: Connection, db: Database) -> None:
    """PostgreSQL's sequences do not follow explicit ids: move each past the restored rows, so
    the next task, event or audit entry gets the next uid (SQLite's rowids follow by themselves).
    """
    if db.is_sqlite:
        return
    for table in t.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        # names are the schema's own constants, never input
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
            f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
        )
