"""The server process seen from outside: resident memory, threads, open files, CPU (Linux /proc).

A leak shows as a slope in one of these over a long run, so they are sampled every few seconds
for the whole soak, and summarised as start / end / max and a least-squares slope per minute
over the samples after the warm-up (the first tenth of the run); RSS is "flat" when it grew
by at most :data:`FLAT_MB` (or :data:`FLAT_SHARE` of its settled size) after the warm-up.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: RSS counts as flat when it grew by at most this much after the warm-up (MB, or a share of
#: the settled size, whichever is larger): allocator and cache noise, not a leak
FLAT_MB = 32.0
FLAT_SHARE = 0.05
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Sample:
    at_s: float
    rss_mb: float
    #: VmRSS = anonymous memory (the heap: where a leak shows) + file pages (mmapped index
    #: segments, libraries: grow as segments are merged and read, and the kernel may drop them)
    anon_mb: float
    file_mb: float
    threads: int
    fds: int
    cpu_s: float
    #: CPU time of every process on the machine (busy time of all CPUs, from /proc/stat):
    #: on a shared machine, what else ran during the soak
    machine_cpu_s: float = 0.0


def sample(pid: int, at_s: float) -> Sample | None:
    """One reading of ``pid``; None once the process is gone (or off Linux)."""
    proc = Path(f"/proc/{pid}")
    try:
        status = dict(
            line.split(":", 1) for line in (proc / "status").read_text().splitlines() if ":" in line
        )
        # utime and stime are fields 14 and 15; the name in field 2 may hold spaces
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        fds = len(os.listdir(proc / "fd"))
        # cpu user nice system idle iowait irq softirq steal ...: busy = all but idle, iowait
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        busy = sum(ticks[:8]) - ticks[3] - ticks[4]
        return Sample(
            at_s=round(at_s, 2),
            rss_mb=_mb(status["VmRSS"]),
            anon_mb=_mb(status["RssAnon"]),
            file_mb=_mb(status["RssFile"]),
            threads=int(status["Threads"]),
            fds=fds,
            cpu_s=round(cpu, 2),
            machine_cpu_s=round(busy / CLOCK_TICKS, 2),
        )
    except (OSError, KeyError, ValueError, IndexError):
        return None


def _mb(field: str) -> float:
    return round(int(field.split()[0]) / 1024, 1)


class Sampler:
    """Samples ``pid`` every ``interval`` seconds in a thread, from :meth:`start` to `stop`."""

    def __init__(self, pid: int, interval: float) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = 0.0

    def start(self, origin: float | None = None) -> None:
        """Start sampling; ``at_s`` counts from ``origin`` (a ``perf_counter`` value, now)."""
        self._started = time.perf_counter() if origin is None else origin
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._take()

    def _take(self) -> None:
        reading = sample(self.pid, time.perf_counter() - self._started)
        if reading is not None:
            self.samples.append(reading)

    def _run(self) -> None:
        while True:
            self._take()
            if self._stop.wait(self.interval):
                return


def slope_per_minute(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of ``(seconds, value)`` points, in value per minute."""
    if len(points) < 3:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return None
    slope = sum((t - mean_t) * (v - mean_v) for t, v in points) / spread
    return round(slope * 60, 2)


def summarise(samples: list[Sample]) -> dict[str, Any]:
    """Start, end, max and post-warm-up slope of RSS, threads and open files; CPU used."""
    if not samples:
        return {"samples": 0}
    settled = samples[len(samples) // 10 :]
    out: dict[str, Any] = {"samples": len(samples)}
    for name in ("rss_mb", "anon_mb", "file_mb", "threads", "fds"):
        values = [getattr(s, name) for s in samples]
        out[name] = {
            "first": values[0],
            "last": values[-1],
            "max": max(values),
            "growth": round(getattr(settled[-1], name) - getattr(settled[0], name), 1),
            "slope_per_min": slope_per_minute([(s.at_s, getattr(s, name)) for s in settled]),
        }
    rss = out["rss_mb"]
    rss["flat"] = rss["growth"] <= max(FLAT_MB, FLAT_SHARE * settled[0].rss_mb)
    span = samples[-1].at_s - samples[0].at_s
    used = samples[-1].cpu_s - samples[0].cpu_s
    machine = samples[-1].machine_cpu_s - samples[0].machine_cpu_s
    out["cpu_cores"] = round(used / span, 2) if span > 0 else None
    out["machine_cpu_cores"] = round(machine / span, 2) if span > 0 else None
    return out
