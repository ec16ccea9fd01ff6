"""Checkpoints of derived indexes: which store task they have applied, and in what shape.

A checkpoint is written (atomically) only after the derived index it describes is committed to
disk. On open, an index whose checkpoint is behind the store catches up from the documents and
tombstones written after it; one whose shape changed, or that is missing or corrupt, is rebuilt.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson


@dataclass
class Checkpoint:
    """The last store task each derived index of an index has applied, and its shape."""

    lexical_task: int = -1
    lexical_layout: str = ""
    vector_task: dict[str, int] = field(default_factory=dict)
    vector_config: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Checkpoint:
        try:
            data = orjson.loads(path.read_bytes())
            return cls(
                lexical_task=int(data.get("lexical_task", -1)),
                lexical_layout=str(data.get("lexical_layout", "")),
                vector_task={k: int(v) for k, v in data.get("vector_task", {}).items()},
                vector_config={k: str(v) for k, v in data.get("vector_config", {}).items()},
            )
        except (OSError, ValueError, AttributeError, TypeError):
            return cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".checkpoint.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(orjson.dumps(asdict(self)))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
