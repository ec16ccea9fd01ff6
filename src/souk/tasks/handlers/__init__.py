"""The catalog's own task handlers, one module per kind of change.

A handler computes everything that can fail first, then writes its changes and the task's
``succeeded`` status in one store transaction, then updates the derived indexes.
"""

from __future__ import annotations

from souk.store.task_records import TaskType
from souk.tasks.context import TaskHandler
from souk.tasks.handlers.backups import dump_creation, snapshot_creation
from souk.tasks.handlers.documents import document_addition, document_deletion
from souk.tasks.handlers.indexes import (
    index_creation,
    index_deletion,
    index_swap,
    index_update,
    reindex,
)
from souk.tasks.handlers.settings import settings_update
from souk.tasks.handlers.task_cancelation import task_cancelation
from souk.tasks.handlers.task_deletion import task_deletion

CATALOG_HANDLERS: dict[TaskType, TaskHandler] = {
    TaskType.INDEX_CREATION: index_creation,
    TaskType.INDEX_UPDATE: index_update,
    TaskType.INDEX_DELETION: index_deletion,
    TaskType.SETTINGS_UPDATE: settings_update,
    TaskType.DOCUMENT_ADDITION: document_addition,
    TaskType.DOCUMENT_DELETION: document_deletion,
    TaskType.REINDEX: reindex,
    TaskType.INDEX_SWAP: index_swap,
    TaskType.TASK_DELETION: task_deletion,
    TaskType.DUMP_CREATION: dump_creation,
    TaskType.SNAPSHOT_CREATION: snapshot_creation,
    TaskType.TASK_CANCELATION: task_cancelation,
}
