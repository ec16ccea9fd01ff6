"""souk: an open-source AI commerce engine (hybrid search, assistant, recommendations).

The public Python API::

    from souk import Engine, Settings

    with Engine(Settings(data_dir="data")) as engine:
        engine.wait_for_task(engine.create_index("products", "id").uid)
        engine.wait_for_task(engine.add_documents("products", [{"id": 1, "title": "Red shoe"}]).uid)
        engine.search("products", q="red shoes", limit=5)
"""

from __future__ import annotations

from souk.config import Settings
from souk.engine import Engine
from souk.errors import SoukError
from souk.search.request import SearchRequest, parse_search_request
from souk.store.task_records import Task, TaskStatus, TaskType

__version__ = "0.1.0"

__all__ = [
    "Engine",
    "SearchRequest",
    "Settings",
    "SoukError",
    "Task",
    "TaskStatus",
    "TaskType",
    "__version__",
    "parse_search_request",
]
