"""Are an index's derived files what was committed? Recorded after commits, checked before use.

* The lexical index (tantivy): :func:`record_lexical` writes ``lexical.checksums.json`` beside
  the index after every commit, with the size and CRC-32 of each file of the commit
  (:func:`~souk.retrieval.tantivy_index.committed_files`). Segment files never change once
  written, so only the files the commit wrote are read. :func:`verify_lexical` compares them
  before the index is opened: sizes and CRC-32s (``full``) or sizes only.
* The vector indexes (hnswlib): their files carry their own checksums (a zip CRC-32 per array,
  the graph's size and CRC-32 in the header), which every load checks; :func:`check_vectors`
  checks them without loading.

Whoever finds a mismatch rebuilds that part from the store (the registry, when it opens an
index; ``souk doctor --repair``); nothing here changes a file but the manifest.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from souk.retrieval.hnsw_index import check_saved
from souk.retrieval.tantivy_index import META_FILE, LexicalIndexCorrupt, committed_files
from souk.runtime.checksums import FileHasher, Manifest, compare, record

LEXICAL = "lexical"
MANIFEST = "lexical.checksums.json"
VECTORS = "vectors"
#: how the files of a derived index are checked before it is opened (setting verify_on_open)
VERIFY_MODES = ("full", "sizes", "off")


@dataclass
class FileCheck:
    """What checking one derived index's files found."""

    part: str  # "lexical" or "vectors/<embedder>"
    problems: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    # False when nothing was recorded to compare with (an index from before checksums)
    recorded: bool = True
    # True when a commit happened after the manifest was written (a crash in between, or a
    # writer in another process): only the files both know of were compared
    stale: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "ok": self.ok,
            "problems": self.problems,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 4),
            "recorded": self.recorded,
        }


def record_lexical(directory: Path, hasher: FileHasher) -> Manifest:
    """Record the checksums of the lexical index under ``directory`` (an index's directory)
    as it is committed now. Call it after every commit, in the process that writes."""
    lexical = directory / LEXICAL
    previous = Manifest.load(directory / MANIFEST)
    names = committed_files(lexical)
    manifest = record(lexical, names, hasher, previous=previous, mutable=frozenset({META_FILE}))
    manifest.save(directory / MANIFEST)
    return manifest


def verify_lexical(directory: Path, hasher: FileHasher, *, full: bool = True) -> FileCheck:
    """Compare the lexical index under ``directory`` with its recorded checksums.

    ``meta.json`` (tantivy's list of segments, rewritten at each commit) is always compared in
    full. If it is the recorded one, every recorded file must match; if a commit came after the
    manifest, the segment files both know of must still match (they never change). A check that
    a writer in another process overtook (its commit changed ``meta.json`` meanwhile) is run
    again.
    """
    started = time.perf_counter()
    check = FileCheck(LEXICAL)
    lexical = directory / LEXICAL
    manifest = Manifest.load(directory / MANIFEST)
    if manifest is None or not (lexical / META_FILE).exists():
        check.recorded = False
        return check
    for _attempt in range(3):
        before = _identity(lexical / META_FILE)
        try:
            live = set(committed_files(lexical))
        except LexicalIndexCorrupt as exc:
            check.problems = [str(exc)]
            break
        meta = manifest.files.get(META_FILE)
        same_commit = meta is not None and not compare(
            lexical, {META_FILE: meta}, hasher, full=True
        )
        check.stale = not same_commit
        expected = (
            manifest.files
            if same_commit
            else {n: s for n, s in manifest.files.items() if n in live and n != META_FILE}
        )
        check.problems = compare(lexical, expected, hasher, full=full)
        check.files, check.bytes = len(expected), sum(s.size for s in expected.values())
        if not check.problems or _identity(lexical / META_FILE) == before:
            break
    check.seconds = time.perf_counter() - started
    return check


def check_vectors(directory: Path, embedder: str) -> FileCheck:
    """Check the saved vector index of ``embedder`` under ``directory`` against the checksums
    its files carry (nothing saved yet is not a problem)."""
    started = time.perf_counter()
    path = directory / VECTORS / embedder
    check = FileCheck(f"{VECTORS}/{embedder}")
    for _attempt in range(3):  # a writer in another process may replace the files meanwhile
        before = _identity(path)
        problem = check_saved(path)
        check.problems = [problem] if problem else []
        if problem is None or _identity(path) == before:
            break
    files = [path, *path.parent.glob(f"{_glob_escape(path.name)}.*.hnsw")]
    check.files = sum(1 for f in files if f.exists())
    check.bytes = sum(f.stat().st_size for f in files if f.exists())
    check.seconds = time.perf_counter() - started
    return check


def check_files(
    directory: Path, embedders: Iterable[str], hasher: FileHasher, *, full: bool = True
) -> list[FileCheck]:
    """Every derived file of one index: the lexical index and each embedder's vectors."""
    checks = [verify_lexical(directory, hasher, full=full)]
    checks.extend(check_vectors(directory, name) for name in embedders)
    return checks


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
