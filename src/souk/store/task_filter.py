"""Task filters from query parameters (``uids``, ``statuses``, ``types``, dates…)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from souk.errors import SoukError
from souk.store.store import Store
from souk.store.task_records import Task, TaskStatus, TaskType

_DATE_PARAMS = (
    "beforeEnqueuedAt",
    "afterEnqueuedAt",
    "beforeStartedAt",
    "afterStartedAt",
    "beforeFinishedAt",
    "afterFinishedAt",
)
FILTER_PARAMS = ("uids", "batchUids", "statuses", "types", "indexUids", "canceledBy", *_DATE_PARAMS)


@dataclass
class TaskFilter:
    """Which tasks a ``/tasks`` query asks for (uids, statuses, types, indexes, dates)."""

    uids: list[int] | None = None
    statuses: list[str] | None = None
    types: list[str] | None = None
    index_uids: list[str] | None = None
    canceled_by: list[int] | None = None
    dates: dict[str, datetime] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(
            (self.uids, self.statuses, self.types, self.index_uids, self.canceled_by, self.dates)
        )

    def matches_dates(self, task: Task) -> bool:
        for name, bound in self.dates.items():
            moment = {
                "Enqueued": task.enqueued_at,
                "Started": task.started_at,
                "Finished": task.finished_at,
            }[name.removeprefix("before").removeprefix("after").removesuffix("At")]
            if moment is None:
                return False
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            if name.startswith("before") and not moment < bound:
                return False
            if name.startswith("after") and not moment > bound:
                return False
        return True


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _list(params: Mapping[str, str], name: str) -> list[str] | None:
    raw = params.get(name)
    if raw is None:
        return None
    items = [part.strip() for part in str(raw).split(",") if part.strip()]
    return None if "*" in items else items


def _ints(params: Mapping[str, str], name: str) -> list[int] | None:
    items = _list(params, name)
    if items is None:
        return None
    try:
        return [int(item) for item in items]
    except ValueError:
        bad = next(i for i in items if not i.lstrip("-").isdigit())
        raise SoukError(
            f"Invalid value in parameter `{name}`: could not parse `{bad}` as a positive integer",
            f"invalid_task_{_snake(name)}",
        ) from None


def parse_task_filter(params: Mapping[str, str]) -> TaskFilter:
    statuses = _list(params, "statuses")
    valid_statuses = [s.value for s in TaskStatus]
    for status in statuses or []:
        if status not in valid_statuses:
            raise SoukError(
                f"Invalid value in parameter `statuses`: `{status}` is not a valid task status. "
                "Available statuses are " + ", ".join(f"`{s}`" for s in valid_statuses) + ".",
                "invalid_task_statuses",
            )
    types = _list(params, "types")
    valid_types = [t.value for t in TaskType]
    for kind in types or []:
        if kind not in valid_types:
            raise SoukError(
                f"Invalid value in parameter `types`: `{kind}` is not a valid task type. "
                "Available types are " + ", ".join(f"`{t}`" for t in valid_types) + ".",
                "invalid_task_types",
            )
    dates: dict[str, datetime] = {}
    for name in _DATE_PARAMS:
        raw = params.get(name)
        if raw is None:
            continue
        try:
            moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
        except ValueError:
            raise SoukError(
                f"Invalid value in parameter `{name}`: `{raw}` is an invalid date-time. It "
                "should follow the YYYY-MM-DD or RFC 3339 date-time format.",
                f"invalid_task_{_snake(name)}",
            ) from None
        dates[name] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return TaskFilter(
        uids=_ints(params, "uids"),
        statuses=statuses,
        types=types,
        index_uids=_list(params, "indexUids"),
        canceled_by=_ints(params, "canceledBy"),
        dates=dates,
    )


def query_tasks(
    store: Store,
    flt: TaskFilter,
    *,
    limit: int | None = 20,
    from_uid: int | None = None,
    reverse: bool = False,
) -> list[Task]:
    """The tasks matching ``flt``, newest first (oldest first with ``reverse``)."""
    found = store.list_tasks(
        uids=flt.uids,
        statuses=flt.statuses,
        types=flt.types,
        index_uids=flt.index_uids,
        canceled_by=flt.canceled_by,
        from_uid=from_uid,
        limit=None if flt.dates else limit,
        reverse=reverse,
    )
    if flt.dates:
        found = [t for t in found if flt.matches_dates(t)]
        if limit is not None:
            found = found[:limit]
    return found
