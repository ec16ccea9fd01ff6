"""Ways to damage a data directory on purpose, for the integrity tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from souk.retrieval.tantivy_index import META_FILE, committed_files


def overwrite(path: Path, offset: int, data: bytes) -> None:
    """Write ``data`` over ``path`` at ``offset`` (size unchanged, as a bad disk would)."""
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def overwrite_middle(path: Path, data: bytes = b"\xde\xad\xbe\xef" * 4) -> None:
    overwrite(path, max(0, path.stat().st_size // 2 - len(data) // 2), data)


def largest_segment_file(lexical: Path) -> Path:
    """The biggest file of the committed lexical index (not meta.json)."""
    names = [n for n in committed_files(lexical) if n != META_FILE]
    return max((lexical / n for n in names), key=lambda p: p.stat().st_size)


def corrupt_sqlite_header(db: Path) -> None:
    """What a stray write at offset 0 does: SQLite no longer recognises the file."""
    overwrite(db, 0, b"this is no db!!\x00")


def corrupt_table(db: Path, table: str) -> None:
    """Make the root page of ``table`` unreadable: every read of that table fails with
    "database disk image is malformed", the other tables still read fine."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        root = int(
            conn.execute(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()[0]
        )
    conn.close()
    overwrite(db, (root - 1) * page_size, b"\xff" * 12)
