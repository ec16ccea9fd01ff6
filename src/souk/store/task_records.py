"""The task model: every write is a task applied in order by one worker (as in Meilisearch)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class TaskStatus(StrEnum):
    """Meilisearch's task statuses."""

    ENQUEUED = "enqueued"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"

    @property
    def finished(self) -> bool:
        return self in (TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELED)


class TaskType(StrEnum):
    """Meilisearch's task types, plus souk's own (``recommendationsTraining``)."""

    INDEX_CREATION = "indexCreation"
    INDEX_UPDATE = "indexUpdate"
    INDEX_DELETION = "indexDeletion"
    DOCUMENT_ADDITION = "documentAdditionOrUpdate"
    DOCUMENT_DELETION = "documentDeletion"
    SETTINGS_UPDATE = "settingsUpdate"
    INDEX_SWAP = "indexSwap"
    TASK_CANCELATION = "taskCancelation"
    TASK_DELETION = "taskDeletion"
    REINDEX = "reindex"
    DUMP_CREATION = "dumpCreation"
    SNAPSHOT_CREATION = "snapshotCreation"
    RECOMMENDATIONS_TRAINING = "recommendationsTraining"

    @property
    def changes_documents(self) -> bool:
        return self in (TaskType.DOCUMENT_ADDITION, TaskType.DOCUMENT_DELETION)


# Meilisearch's `customMetadata` write parameter: set per request by the API, stored with the
# task (inside its details, under this key) and shown as the task's `customMetadata`.
custom_metadata: ContextVar[str | None] = ContextVar("custom_metadata", default=None)
METADATA_KEY = "_customMetadata"


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime | None) -> str | None:
    """RFC 3339 with nanosecond-free microseconds and a ``Z``, as Meilisearch prints."""
    if ts is None:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass
class Task:
    """One unit of work; ``payload`` (document batches) is dropped once the task finishes."""

    uid: int
    index_uid: str | None
    type: TaskType
    status: TaskStatus
    details: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    enqueued_at: datetime = field(default_factory=utc_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    canceled_by: int | None = None

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        """The task as Meilisearch's ``GET /tasks/{uid}`` returns it."""
        duration = self.duration_seconds
        details = {k: v for k, v in self.details.items() if k != METADATA_KEY}
        return {
            "uid": self.uid,
            "batchUid": self.uid if self.status.finished else None,
            "indexUid": self.index_uid,
            "status": self.status.value,
            "type": self.type.value,
            "canceledBy": self.canceled_by,
            "details": details,
            "error": self.error,
            "duration": None if duration is None else f"PT{duration:.6f}S",
            "enqueuedAt": iso(self.enqueued_at),
            "startedAt": iso(self.started_at),
            "finishedAt": iso(self.finished_at),
            "customMetadata": self.details.get(METADATA_KEY),
        }

    def summary(self) -> dict[str, Any]:
        """The short form returned when a task is enqueued (``202 Accepted``)."""
        return {
            "taskUid": self.uid,
            "indexUid": self.index_uid,
            "status": self.status.value,
            "type": self.type.value,
            "enqueuedAt": iso(self.enqueued_at),
            "customMetadata": self.details.get(METADATA_KEY),
        }
