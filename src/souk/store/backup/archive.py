"""The tar.gz container: written to a temporary name and renamed when complete, read as a stream.

Writing never leaves a half file under the final name (a crash leaves a ``.tmp`` beside it,
which is safe to delete). Reading goes member by member without seeking, so a
backup of any size is restored in bounded memory, and refuses members that could escape where
they are put (absolute paths, ``..``, links, devices).
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import time
import zlib
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from souk.store.backup.format import invalid_backup

#: gzip level: 6 (gzip's default) cost twice the time of 3 for 5% less size on a catalog dump
COMPRESSION_LEVEL = 3
TEMPORARY_SUFFIX = ".tmp"


class ArchiveWriter:
    """A backup file being written; :meth:`commit` fsyncs it and gives it its final name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(path.name + TEMPORARY_SUFFIX)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._raw = self.temporary.open("wb")
        self._gzip = gzip.GzipFile(
            filename="", mode="wb", fileobj=self._raw, compresslevel=COMPRESSION_LEVEL, mtime=0
        )
        # closed by commit() or abort(), whichever ends the writer
        self._tar = tarfile.open(  # noqa: SIM115
            fileobj=self._gzip, mode="w|", format=tarfile.PAX_FORMAT
        )
        self._closed = False
        self._committed = False

    def add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o644
        self._tar.addfile(info, io.BytesIO(data))

    def add_file(self, name: str, path: Path) -> None:
        info = tarfile.TarInfo(name)
        info.size = path.stat().st_size
        info.mtime = int(path.stat().st_mtime)
        info.mode = 0o644
        with path.open("rb") as handle:
            self._tar.addfile(info, handle)

    def commit(self) -> Path:
        self._close()
        with self.temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        self.temporary.replace(self.path)
        _fsync_directory(self.path.parent)
        self._committed = True
        return self.path

    def abort(self) -> None:
        try:
            self._close()
        finally:
            self.temporary.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._tar.close()
            self._gzip.close()
        finally:
            self._raw.close()

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self._committed:
            self.abort()


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def damage_is_invalid(source: Path) -> Iterator[None]:
    """Turn what a truncated or corrupt file raises (anywhere in reading it) into the error
    that names the file."""
    try:
        yield
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise invalid_backup(
            source, f"the file is damaged or is not a souk backup ({type(exc).__name__}: {exc})"
        ) from None


def read_members(source: Path) -> Generator[tuple[str, IO[bytes]], None, None]:
    """Each regular file member as ``(name, stream)``, in order; the stream is valid until the
    next member is asked for. Use inside :func:`damage_is_invalid`."""
    if not source.is_file():
        raise invalid_backup(source, "no such file")
    with tarfile.open(source, mode="r|gz") as tar:
        for member in tar:
            name = safe_member_name(source, member)
            stream = tar.extractfile(member)
            assert stream is not None
            yield name, stream


def safe_member_name(source: Path, member: tarfile.TarInfo) -> str:
    """The member's name, if it is a regular file with a plain relative path."""
    if not member.isfile():
        raise invalid_backup(source, f"member `{member.name}` is not a regular file")
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise invalid_backup(source, f"member `{member.name}` has an unsafe path")
    return str(path)
