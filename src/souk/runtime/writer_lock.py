"""The data directory's writer lock: at most one process applies tasks and writes indexes."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class WriterLock:
    """An exclusive, non-blocking file lock: at most one process writes a data directory.

    The process that holds it opens derived indexes writable and runs the task worker; every
    other process opens them read-only and reopens when the writer's checkpoint moves.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this process holds the lock (it never takes it)."""
        return self._fd is not None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
