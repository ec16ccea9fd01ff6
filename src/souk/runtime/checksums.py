"""Checksums of files: a small manifest of name → size and CRC-32, written atomically.

Derived indexes are caches of the store, so a damaged file costs a rebuild, never data; what
matters is noticing. The lexical index (tantivy) keeps no checksums of its own that its Python
bindings can check, so :mod:`souk.runtime.integrity` records one manifest per lexical index
with these helpers, at every commit, and checks it before opening.

CRC-32 (zlib, ~4 GB/s here) is enough to notice damage; it is not a defence against someone
who can also rewrite the manifest, and is not meant to be.
"""

from __future__ import annotations

import os
import tempfile
import threading
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

ALGORITHM = "crc32"
VERSION = 1
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileSum:
    """A file's size and CRC-32."""

    size: int
    crc32: int


def crc32_of(path: Path) -> int:
    crc = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


class FileHasher:
    """CRC-32s of files, remembered while a file's inode, size and mtime stay the same.

    A reader process reopens an index after every commit of the writer; the segment files it
    already checked have not changed, so they are not read again. Thread-safe.
    """

    def __init__(self, limit: int = 50_000) -> None:
        self._known: dict[str, tuple[tuple[int, int, int], int]] = {}
        self._limit = limit
        self._lock = threading.Lock()
        self.bytes_read = 0  # how much was hashed, for measurements

    def sum(self, path: Path) -> FileSum:
        """Size and CRC-32 of ``path`` (FileNotFoundError if it is gone)."""
        stat = path.stat()
        key, identity = str(path), (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            known = self._known.get(key)
        if known is not None and known[0] == identity:
            return FileSum(stat.st_size, known[1])
        crc = crc32_of(path)
        with self._lock:
            if len(self._known) >= self._limit:
                self._known.clear()
            self._known[key] = (identity, crc)
            self.bytes_read += stat.st_size
        return FileSum(stat.st_size, crc)


@dataclass
class Manifest:
    """Sizes and CRC-32s of the files of one directory, by name."""

    files: dict[str, FileSum] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        """The manifest at ``path``; None if there is none or it cannot be read."""
        try:
            data = orjson.loads(path.read_bytes())
            if data.get("version") != VERSION or data.get("algorithm") != ALGORITHM:
                return None
            return cls({str(k): FileSum(int(v[0]), int(v[1])) for k, v in data["files"].items()})
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None

    def save(self, path: Path) -> None:
        """Write the manifest atomically (temporary file, fsync, rename)."""
        blob = orjson.dumps(
            {
                "version": VERSION,
                "algorithm": ALGORITHM,
                "files": {k: [v.size, v.crc32] for k, v in sorted(self.files.items())},
            }
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def record(
    directory: Path,
    names: Iterable[str],
    hasher: FileHasher,
    *,
    previous: Manifest | None = None,
    mutable: frozenset[str] = frozenset(),
) -> Manifest:
    """The manifest of ``names`` in ``directory``.

    A file that ``previous`` recorded with the same size is not read again unless its name is
    ``mutable``: files written once and never changed (tantivy's segment files) cost one read
    in their life, so recording after a commit reads only what the commit wrote.
    """
    files: dict[str, FileSum] = {}
    for name in names:
        path = directory / name
        known = previous.files.get(name) if previous is not None else None
        try:
            if known is not None and name not in mutable and path.stat().st_size == known.size:
                files[name] = known
            else:
                files[name] = hasher.sum(path)
        except FileNotFoundError:
            continue  # removed meanwhile: not part of what was committed
    return Manifest(files)


def compare(
    directory: Path, expected: dict[str, FileSum], hasher: FileHasher, *, full: bool
) -> list[str]:
    """What differs between ``expected`` and the files in ``directory`` (empty: all match).

    Without ``full`` only sizes are compared (no file is read).
    """
    problems: list[str] = []
    for name, want in sorted(expected.items()):
        path = directory / name
        try:
            size = path.stat().st_size
            if size != want.size:
                problems.append(f"{name}: {size} bytes, {want.size} recorded")
            elif full and hasher.sum(path).crc32 != want.crc32:
                problems.append(f"{name}: checksum differs")
        except FileNotFoundError:
            problems.append(f"{name}: missing")
        except OSError as exc:
            problems.append(f"{name}: unreadable ({exc.strerror or exc})")
    return problems
