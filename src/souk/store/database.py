"""The connection to the store's database: SQLite (WAL) or PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event

from souk.store import schema as t
from souk.store.integrity import store_location, watch_for_corruption


class Database:
    """One SQLAlchemy engine on ``url`` (any SQLAlchemy URL: sqlite or postgresql+psycopg),
    with every table of :mod:`souk.store.schema` created. The store's row classes share it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                url, connect_args={"check_same_thread": False, "timeout": 30}
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        # a damaged database is reported as StoreCorrupt, naming the file, from here on
        self.where = store_location(url)
        watch_for_corruption(self.engine, self.where)
        t.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One atomic unit: everything inside commits together or not at all."""
        with self.engine.begin() as conn:
            yield conn


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def maybe_connect(engine: Engine, conn: Connection | None) -> Iterator[Connection]:
    """``conn`` if the caller is inside a transaction, else a connection of its own."""
    if conn is not None:
        yield conn
    else:
        with engine.connect() as c:
            yield c


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def pack(payload: Any) -> bytes:
    return zlib.compress(orjson.dumps(payload), 1)


def unpack(blob: bytes) -> Any:
    return orjson.loads(zlib.decompress(blob))
