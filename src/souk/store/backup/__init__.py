"""Backups of the store: dumps (portable) and snapshots (a copy of the SQLite file).

A backup is one ``.dump`` or ``.snapshot`` file, a tar.gz whose first member is
``metadata.json`` (format, version, kind, what it holds). A dump holds every table of the store
as NDJSON, in chunks, so it moves between SQLite and PostgreSQL; a SQLite snapshot holds the
database file itself, copied with SQLite's online backup API. Both carry the directories under
the data directory that are not rows of the store (trained recommendation models). Derived
indexes (tantivy, vectors) are never in a backup: they are rebuilt from the store after a restore
(embeddings are rows, so nothing is embedded again).

:mod:`~souk.store.backup.writer` writes, :mod:`~souk.store.backup.reader` loads (one
transaction: a bad file changes nothing), :mod:`~souk.store.backup.format` names the parts.
"""

from souk.store.backup.format import DATA_DIRECTORIES, FORMAT_VERSION, Content, Kind, Metadata
from souk.store.backup.reader import RestoreResult, load_backup, read_metadata
from souk.store.backup.writer import BackupResult, OwnTask, new_backup_uid, write_backup

__all__ = [
    "DATA_DIRECTORIES",
    "FORMAT_VERSION",
    "BackupResult",
    "Content",
    "Kind",
    "Metadata",
    "OwnTask",
    "RestoreResult",
    "load_backup",
    "new_backup_uid",
    "read_metadata",
    "write_backup",
]
