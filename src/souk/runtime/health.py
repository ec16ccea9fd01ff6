"""How one index's derived state compares with the store: what ``souk doctor`` reports.

Read-only, and safe beside a running server: files are opened read-only and a check that a
commit overtakes is run again (see :mod:`souk.runtime.integrity`). Each finding has a level:

* ``ok``: as it should be;
* ``note``: nothing wrong, e.g. a derived index behind the store, caught up at its next open;
* ``warning``: needs an operator, not a rebuild (little free disk);
* ``broken``: derived files damaged or disagreeing with the store; rebuilt from the store by
  ``souk doctor --repair`` (a ``reindex`` task).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from souk.config import Settings
from souk.retrieval.hnsw_index import VectorIndexCorrupt, saved_count
from souk.retrieval.layout import FieldLayout
from souk.retrieval.tantivy_index import (
    META_FILE,
    LexicalIndexCorrupt,
    committed_document_count,
)
from souk.runtime.checkpoint import Checkpoint
from souk.runtime.checksums import FileHasher
from souk.runtime.derived import checkpoint_path, embedder_fingerprint, index_dir
from souk.runtime.integrity import LEXICAL, VECTORS, check_files
from souk.store.integrity import count_embeddings
from souk.store.store import IndexRecord, Store

LEVELS = ("ok", "note", "warning", "broken")
#: below this much free space, or the size of the derived indexes, disk space is a warning
MIN_FREE_BYTES = 512 * 1024 * 1024


@dataclass
class Finding:
    """One check's outcome."""

    check: str
    level: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "level": self.level, "detail": self.detail}


@dataclass
class IndexHealth:
    """Every finding about one index's derived indexes."""

    uid: str
    documents: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return any(f.level == "broken" for f in self.findings)

    @property
    def level(self) -> str:
        return max((f.level for f in self.findings), key=LEVELS.index, default="ok")

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "level": self.level,
            "documents": self.documents,
            "findings": [f.to_dict() for f in self.findings],
        }


def inspect_index(
    config: Settings, store: Store, record: IndexRecord, hasher: FileHasher
) -> IndexHealth:
    """Check ``record``'s derived files against their checksums and their contents against
    the store (document and vector counts, checkpoints)."""
    uid = record.uid
    directory = index_dir(config, uid)
    health = IndexHealth(uid, store.count_documents(uid))
    embedders: dict[str, Any] = dict(record.settings.get("embedders") or {})
    for check in check_files(directory, list(embedders), hasher, full=True):
        name = f"{check.part} files"
        if not check.ok:
            detail = "do not match their checksums: " + "; ".join(check.problems[:3])
            health.findings.append(Finding(name, "broken", detail))
        elif check.part == LEXICAL and not check.recorded:
            if (directory / LEXICAL / META_FILE).exists():
                detail = "no checksums recorded yet (recorded at the next commit or open)"
                health.findings.append(Finding(name, "note", detail))
        elif check.files:
            detail = f"{check.files} files, {check.bytes / 1e6:.1f} MB match their checksums"
            health.findings.append(Finding(name, "ok", detail))
    target = store.last_succeeded_task(uid)
    ckpt = Checkpoint.load(checkpoint_path(config, uid))
    pending = bool(store.list_tasks(index_uids=[uid], statuses=["enqueued", "processing"], limit=1))
    layout = FieldLayout.from_settings(record.settings, record.fields)
    health.findings.append(_lexical(directory, ckpt, layout, target, pending, health.documents))
    stored = count_embeddings(store.engine, uid)
    for name, conf in embedders.items():
        in_step = ckpt.vector_task.get(name, -1) >= target and not pending
        path = directory / VECTORS / name
        if not path.exists():
            detail = "not saved yet: built from the store's vectors at the next open"
            health.findings.append(Finding(f"{VECTORS}/{name}", "note", detail))
        elif ckpt.vector_config.get(name) != embedder_fingerprint(conf):
            detail = "built for another embedder configuration: rebuilt at the next open"
            health.findings.append(Finding(f"{VECTORS}/{name}", "note", detail))
        else:
            health.findings.append(
                _count(f"{VECTORS}/{name}", "vectors", path, stored.get(name, 0), in_step)
            )
    return health


def _lexical(
    directory: Path, ckpt: Checkpoint, layout: FieldLayout, target: int, pending: bool, docs: int
) -> Finding:
    path = directory / LEXICAL
    if not (path / META_FILE).exists():
        return Finding(LEXICAL, "note", "not built yet: built from the store at the next open")
    if ckpt.lexical_layout != layout.fingerprint():
        return Finding(LEXICAL, "note", "built for other settings: rebuilt at the next open")
    return _count(LEXICAL, "documents", path, docs, ckpt.lexical_task >= target and not pending)


def _count(check: str, what: str, path: Path, stored: int, in_step: bool) -> Finding:
    """Compare a derived index's count with the store's (only a disagreement when the derived
    index has applied every task the store has)."""
    try:
        count = committed_document_count(path) if what == "documents" else saved_count(path)
    except (LexicalIndexCorrupt, VectorIndexCorrupt, OSError) as exc:
        return Finding(check, "broken", f"cannot be opened: {exc}")
    if count == stored:
        return Finding(check, "ok", f"{count} {what}, as in the store")
    detail = f"holds {count} {what}, the store {stored}"
    if in_step:
        return Finding(check, "broken", detail)
    return Finding(check, "note", f"{detail}: behind the store, caught up at the next open")


def orphan_directories(config: Settings, uids: set[str]) -> list[Path]:
    """Directories under ``data_dir/indexes`` that belong to no index of the store (left by
    an interrupted swap or delete)."""
    root = config.data_dir / "indexes"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name not in uids)


def tree_size(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def disk_space(config: Settings) -> tuple[Finding, dict[str, int]]:
    """Free space where the data directory lives, against what a rebuild of every derived index
    (written beside the old before it goes) would need."""
    usage = shutil.disk_usage(config.data_dir)
    derived = tree_size(config.data_dir / "indexes")
    needed = max(MIN_FREE_BYTES, derived)
    figures = {"free": usage.free, "total": usage.total, "derivedIndexes": derived}
    detail = f"{usage.free / 1e9:.1f} GB free of {usage.total / 1e9:.1f} GB"
    if usage.free < needed:
        detail += f"; rebuilding the derived indexes needs about {needed / 1e9:.2f} GB"
        return Finding("disk space", "warning", detail), figures
    return Finding("disk space", "ok", detail), figures
