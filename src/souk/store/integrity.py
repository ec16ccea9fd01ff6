"""Is the store's database readable? Corruption recognised, named, and checked on demand.

A damaged SQLite file fails in two ways: a bad header makes every connection fail ("file is not
a database", SQLITE_NOTADB), a bad interior page fails only the statements that read it
("database disk image is malformed", SQLITE_CORRUPT). PostgreSQL reports damaged pages with the
SQLSTATEs ``XX001``/``XX002``. Either way SQLAlchemy would raise a bare ``DatabaseError`` that
names neither the file nor a way out, so :func:`watch_for_corruption` turns these (and only
these) into :class:`StoreCorrupt`, a :class:`~souk.errors.SoukError` that the CLI prints as one
line and the API answers as a Meilisearch-shaped 500 ``store_corrupt``.

:func:`check_store` is the explicit check (``PRAGMA quick_check`` or ``integrity_check`` on
SQLite; a connection and the schema's tables on PostgreSQL), used at server start and by
``souk doctor``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event, func, inspect, select, text
from sqlalchemy.engine import ExceptionContext, make_url

from souk.errors import Code, SoukError
from souk.store.schema import embeddings, metadata

# SQLite's primary result codes for a damaged file (the low byte of extended codes).
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
# PostgreSQL: data_corrupted, index_corrupted
_PG_CORRUPT_STATES = frozenset({"XX001", "XX002"})
_HEADER = b"SQLite format 3\x00"
#: corruption is logged at most this often (every request reaching a bad page meets it)
LOG_EVERY_SECONDS = 60.0

log = logging.getLogger("souk.store")


class StoreCorrupt(SoukError):
    """The store's database is damaged: what to do about it is a restore, not a retry."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"the store {where} is corrupt ({reason}); restore a snapshot or dump of it "
            "(`souk restore`, see docs/backups.md) or run `souk doctor` to see what is damaged",
            Code.STORE_CORRUPT,
        )
        self.where = where
        self.reason = reason


def store_location(url: str) -> str:
    """What to call the store in a message: the SQLite file, or the URL without a password."""
    if url.startswith("sqlite"):
        return url.split("///", 1)[-1] or ":memory:"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL fails elsewhere, with its own message
        return "the PostgreSQL store"


def corruption_reason(exc: BaseException | None) -> str | None:
    """Why ``exc`` (a DBAPI exception) means a damaged database, or None if it does not.

    Only damage counts: a locked database, a constraint or a syntax error is something else.
    """
    if isinstance(exc, sqlite3.DatabaseError):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return str(exc)
        return None
    if getattr(exc, "sqlstate", None) in _PG_CORRUPT_STATES:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else "data corrupted"
    return None


def watch_for_corruption(engine: Engine, where: str) -> None:
    """Raise :class:`StoreCorrupt` instead of SQLAlchemy's error for a damaged database.

    SQLAlchemy calls ``handle_error`` for errors of statements, of fetching rows and of
    connecting, so a bad header (found when the first connection sets its pragmas) and a bad
    page (found when a query reaches it) are both caught here.
    """

    last_logged = [float("-inf")]
    lock = threading.Lock()

    def on_error(context: ExceptionContext) -> None:
        reason = corruption_reason(context.original_exception)
        if reason is None:
            return
        # A store that cannot even be connected to stops whatever opens it, which says so
        # itself; a damaged page met by a query is logged here (a server answers it with a 500).
        with lock:
            due = time.monotonic() - last_logged[0] >= LOG_EVERY_SECONDS
            if due and context.connection is not None:
                last_logged[0] = time.monotonic()
                log.error("the store %s is corrupt (%s): run `souk doctor`", where, reason)
        raise StoreCorrupt(where, reason) from context.sqlalchemy_exception

    event.listen(engine, "handle_error", on_error)


def sqlite_header_problem(path: str) -> str | None:
    """A cheap look at a SQLite file's first 16 bytes (None: missing, empty, or a database)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_HEADER))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    if head and head != _HEADER:
        return "file is not a database"
    return None


@dataclass
class StoreCheck:
    """The result of :func:`check_store`: what was checked, how long it took, what is wrong."""

    where: str
    backend: str  # "sqlite" or "postgresql"
    check: str  # "quick_check", "integrity_check", "connect"
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    missing_tables: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.missing_tables

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "where": self.where,
            "backend": self.backend,
            "check": self.check,
            "seconds": round(self.seconds, 4),
            "problems": self.problems,
            "missingTables": self.missing_tables,
        }


#: SQLite's integrity checks stop after this many problems (the first few say enough)
MAX_PROBLEMS = 20


def check_store(engine: Engine, where: str, *, full: bool = False) -> StoreCheck:
    """Check the store's database: pages (SQLite) or the connection (PostgreSQL), and tables.

    ``full`` runs SQLite's ``integrity_check`` (also cross-checks indexes against tables; slower)
    instead of ``quick_check``. A database too damaged to open is reported, not raised.
    """
    sqlite = engine.dialect.name == "sqlite"
    pragma = "integrity_check" if full else "quick_check"
    result = StoreCheck(where, "sqlite" if sqlite else engine.dialect.name, pragma)
    if not sqlite:
        result.check = "connect"
    started = time.perf_counter()
    try:
        with engine.connect() as conn:
            if sqlite:
                rows = conn.execute(text(f"PRAGMA {pragma}({MAX_PROBLEMS})")).scalars().all()
                result.problems = [str(r) for r in rows if str(r) != "ok"]
            else:
                conn.execute(text("SELECT 1"))
            present = set(inspect(conn).get_table_names())
            result.missing_tables = sorted(set(metadata.tables) - present)
    except StoreCorrupt as exc:
        result.problems.append(exc.reason)
    except Exception as exc:  # unreachable server, bad credentials, unreadable file
        reason = corruption_reason(getattr(exc, "orig", None)) or str(exc).splitlines()[0]
        result.problems.append(reason)
    result.seconds = time.perf_counter() - started
    return result


def count_embeddings(engine: Engine, uid: str) -> dict[str, int]:
    """How many vectors the store keeps for each embedder of an index (what its vector
    indexes should hold)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(embeddings.c.embedder, func.count())
            .where(embeddings.c.index_uid == uid)
            .group_by(embeddings.c.embedder)
        ).all()
    return {str(name): int(count) for name, count in rows}
