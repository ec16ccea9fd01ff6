"""Per-stage timings of one search, for ``showPerformanceDetails``."""

from __future__ import annotations

import time


class Stopwatch:
    """Time spent per stage: each :meth:`lap` charges the time since the previous one."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.marks[stage] = self.marks.get(stage, 0.0) + (now - self._last) * 1000
        self._last = now

    def report(self) -> dict[str, str]:
        return {stage: f"{ms:.2f}ms" for stage, ms in self.marks.items()}
