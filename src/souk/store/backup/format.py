"""The backup file's format: its members, its version, and its ``metadata.json``.

A backup is a tar.gz with, in this order:

* ``metadata.json``: :class:`Metadata` (always first, so a reader refuses a file of another
  format or version before it reads anything else);
* ``tables/<table>/<chunk>.ndjson``: one JSON object per row, columns by name (a dump, or a
  snapshot of PostgreSQL), chunks of a few MiB in primary-key order;
* ``database/souk.db``: the SQLite file itself (a snapshot of SQLite);
* ``files/<directory>/…``: files under the data directory that are not rows of the store.

``FORMAT_VERSION`` changes when a reader of the previous version could not read the new files
correctly; a reader refuses versions newer than its own.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from souk.errors import Code, SoukError

FORMAT = "souk-backup"
FORMAT_VERSION = 1

METADATA_MEMBER = "metadata.json"
TABLES_PREFIX = "tables/"
FILES_PREFIX = "files/"
DATABASE_MEMBER = "database/souk.db"

#: Directories under the data directory kept whole in a backup: not rows of the store and not
#: rebuilt from it by opening an index (trained recommendation models, see
#: ``souk.recommend.training.model_path``; a test keeps the two in step).
DATA_DIRECTORIES = ("recommend",)


class Kind(StrEnum):
    """What made the file: a dump (``POST /dumps``) or a snapshot (``POST /snapshots``)."""

    DUMP = "dump"
    SNAPSHOT = "snapshot"

    @property
    def suffix(self) -> str:
        return f".{self.value}"


class Content(StrEnum):
    """How the store's rows are kept: NDJSON per table, or the SQLite database file."""

    TABLES = "tables"
    SQLITE = "sqlite"


@dataclass(frozen=True)
class TableInfo:
    """A table as the backup holds it: its columns (in order) and how many rows."""

    columns: list[str]
    rows: int


@dataclass(frozen=True)
class Metadata:
    """``metadata.json``: what the file is, what wrote it, and what it holds."""

    uid: str
    kind: Kind
    content: Content
    created_at: str
    souk_version: str
    backend: str
    tables: dict[str, TableInfo] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return orjson.dumps(
            {
                "format": FORMAT,
                "formatVersion": self.format_version,
                "kind": self.kind.value,
                "uid": self.uid,
                "createdAt": self.created_at,
                "soukVersion": self.souk_version,
                "backend": self.backend,
                "content": self.content.value,
                "tables": {
                    name: {"columns": info.columns, "rows": info.rows}
                    for name, info in self.tables.items()
                },
                "files": self.files,
            },
            option=orjson.OPT_INDENT_2,
        )

    @classmethod
    def from_json(cls, raw: bytes, source: Path) -> Metadata:
        """Parse and check ``metadata.json``; :func:`invalid_backup` names what is wrong."""
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise invalid_backup(source, f"`{METADATA_MEMBER}` is not valid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise invalid_backup(source, f"`{METADATA_MEMBER}` does not describe a souk backup")
        version = data.get("formatVersion")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise invalid_backup(source, f"format version `{version}` is not a version")
        if version > FORMAT_VERSION:
            raise invalid_backup(
                source,
                f"it has format version {version}, written by souk "
                f"{data.get('soukVersion', '?')}; this souk ({souk_version()}) reads versions "
                f"up to {FORMAT_VERSION}. Upgrade souk to restore it",
            )
        try:
            kind = Kind(str(data.get("kind")))
            content = Content(str(data.get("content")))
        except ValueError:
            raise invalid_backup(
                source, f"unknown kind `{data.get('kind')}` or content `{data.get('content')}`"
            ) from None
        tables = data.get("tables")
        files = data.get("files")
        if not isinstance(tables, dict) or not isinstance(files, list):
            raise invalid_backup(source, f"`{METADATA_MEMBER}` lacks its `tables` or `files`")
        parsed: dict[str, TableInfo] = {}
        for name, info in tables.items():
            columns = info.get("columns") if isinstance(info, dict) else None
            rows = info.get("rows") if isinstance(info, dict) else None
            if (
                not isinstance(columns, list)
                or not all(isinstance(c, str) for c in columns)
                or not isinstance(rows, int)
                or rows < 0
            ):
                raise invalid_backup(source, f"table `{name}` is described wrongly")
            parsed[str(name)] = TableInfo(list(columns), rows)
        if not all(isinstance(f, str) for f in files):
            raise invalid_backup(source, "`files` must list paths")
        return cls(
            uid=str(data.get("uid", "")),
            kind=kind,
            content=content,
            created_at=str(data.get("createdAt", "")),
            souk_version=str(data.get("soukVersion", "")),
            backend=str(data.get("backend", "")),
            tables=parsed,
            files=[str(f) for f in files],
            format_version=version,
        )

    def summary(self) -> dict[str, Any]:
        """What the file holds, for the CLI and the logs."""
        return {
            "uid": self.uid,
            "kind": self.kind.value,
            "formatVersion": self.format_version,
            "createdAt": self.created_at,
            "soukVersion": self.souk_version,
            "backend": self.backend,
            "rows": {name: info.rows for name, info in self.tables.items()},
            "files": len(self.files),
        }


def backup_uid(now: datetime | None = None) -> str:
    """Meilisearch's dump name: ``YYYYMMDD-HHMMSSmmm`` in UTC."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y%m%d-%H%M%S") + f"{moment.microsecond // 1000:03d}"


def souk_version() -> str:
    try:
        return importlib.metadata.version("souk")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def invalid_backup(source: Path, reason: str) -> SoukError:
    """The error for a file that cannot be restored: names the file and what is wrong."""
    return SoukError(f"Cannot restore `{source}`: {reason}.", Code.INVALID_DUMP)
