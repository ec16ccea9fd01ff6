"""The soak's report: the same tables as Markdown (the file) and as rich tables (the console).

Results go to ``bench/results/soak-YYYYMMDD-HHMMSS.md`` and ``.json``, beside `souk bench`'s.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def headline(results: dict[str, Any]) -> str:
    config = results["config"]
    soak = results.get("soak", {})
    return (
        f"souk soak — {soak.get('seconds', 0):,.0f} s, {config['products']:,} products, "
        f"{results.get('target_qps', 0):,} searches/s target, "
        f"{config['write_rate']} write ops/s of {config['write_batch']} documents"
    )


def sections(results: dict[str, Any]) -> list[Section]:
    """Every table of the report, in order."""
    out = [Section("Verdict", ("goal", "met"), list(results.get("verdict", {}).items()))]
    calibration = results.get("calibration")
    if calibration:
        out.append(
            Section(
                "Ceiling (closed loop, search mix, writes running at the soak's pace)",
                (
                    "clients",
                    "seconds",
                    "requests",
                    "errors",
                    "writes (errors)",
                    "max QPS",
                    "p50 ms",
                    "p99 ms",
                    "load-gen cores",
                ),
                [
                    (
                        calibration["clients"],
                        calibration["seconds"],
                        calibration["requests"],
                        calibration["errors"],
                        f"{calibration.get('writes', 0)} ({calibration.get('write_errors', 0)})",
                        calibration["qps"],
                        calibration["p50_ms"],
                        calibration["p99_ms"],
                        calibration.get("loadgen_cpu_cores"),
                    )
                ],
            )
        )
    soak = results.get("soak")
    if soak:
        out += _soak_sections(soak)
    out += _server_sections(results)
    tasks = results.get("tasks")
    if tasks:
        lag, run = tasks.get("enqueued_to_finished", {}), tasks.get("processing", {})
        out.append(
            Section(
                "Write tasks",
                (
                    "sent",
                    "succeeded",
                    "statuses",
                    "enqueued→finished p50 / p99 / max ms",
                    "processing p50 / p99 ms",
                ),
                [
                    (
                        tasks["sent"],
                        tasks["succeeded"],
                        ", ".join(f"{k} {v}" for k, v in tasks.get("statuses", {}).items()),
                        f"{_cell(lag.get('p50_ms'))} / {_cell(lag.get('p99_ms'))} / "
                        f"{_cell(lag.get('max_ms'))}",
                        f"{_cell(run.get('p50_ms'))} / {_cell(run.get('p99_ms'))}",
                    )
                ],
            )
        )
    verification = results.get("verification")
    if verification:
        out.append(
            Section(
                "Final state",
                ("checks", "failures", "documents expected", "stored", "searchable"),
                [
                    (
                        verification["checks"],
                        len(verification["failures"]),
                        verification["documents_expected"],
                        verification["documents_stored"],
                        verification["documents_searchable"],
                    )
                ],
            )
        )
    return out


def _soak_sections(soak: dict[str, Any]) -> list[Section]:
    search, writes = soak["search"], soak["writes"]
    overall = [
        (
            "searches",
            search["requests"],
            search["errors"],
            search["qps"],
            search["p50_ms"],
            search["p99_ms"],
            search["p999_ms"],
            search["max_ms"],
        ),
        (
            f"writes ({writes['documents']:,} documents)",
            writes["ops"],
            writes["errors"],
            round(writes["ops"] / soak["seconds"], 2) if soak["seconds"] else None,
            writes["p50_ms"],
            writes["p99_ms"],
            writes["p999_ms"],
            writes["max_ms"],
        ),
    ]
    minutes = [
        (
            m["minute"],
            m["requests"],
            m["qps"],
            m["errors"],
            m["p50_ms"],
            m["p99_ms"],
            m["writes"],
            m["write_errors"],
            m["rss_mb"],
        )
        for m in soak["minutes"]
    ]
    kinds = [
        (kind, f["requests"], f["errors"], f["degraded"], f["p50_ms"], f["p99_ms"], f["max_ms"])
        for kind, f in soak["search"]["by_kind"].items()
    ]
    out = [
        Section(
            "Overall (open loop; latency from the scheduled send time)",
            ("what", "requests", "errors", "per s", "p50 ms", "p99 ms", "p99.9 ms", "max ms"),
            overall,
        ),
        Section(
            "Per minute",
            (
                "minute",
                "searches",
                "QPS",
                "errors",
                "p50 ms",
                "p99 ms",
                "writes",
                "write errors",
                "RSS MB",
            ),
            minutes,
        ),
        Section(
            f"Searches by kind ({search.get('degraded', 0):,} degraded in all: answered past "
            "the search time budget, without the reranker)",
            ("kind", "requests", "errors", "degraded", "p50 ms", "p99 ms", "max ms"),
            kinds,
        ),
    ]
    if soak["errors"]:
        out.append(
            Section(
                "Errors",
                ("error", "count", "first seen (s, kind, detail)"),
                [
                    (
                        label,
                        count,
                        next(
                            (
                                f"{s['at_s']}, {s['kind']}, {s['detail'][:80]}"
                                for s in soak["error_samples"]
                                if s["error"] == label.removeprefix("write ")
                            ),
                            "",
                        ),
                    )
                    for label, count in soak["errors"].items()
                ],
            )
        )
    return out


def _server_sections(results: dict[str, Any]) -> list[Section]:
    server = results.get("server", {})
    rows = []
    for name, label in (
        ("rss_mb", "RSS MB (VmRSS)"),
        ("anon_mb", "of which anonymous MB"),
        ("file_mb", "of which file-backed MB"),
        ("threads", "threads"),
        ("fds", "open files"),
    ):
        figures = server.get(name)
        if figures:
            rows.append(
                (
                    label,
                    figures["first"],
                    figures["last"],
                    figures["max"],
                    figures["growth"],
                    figures["slope_per_min"],
                )
            )
    loadgen = results.get("loadgen", {})
    log = server.get("log", {})
    return [
        Section(
            f"Server process ({server.get('samples', 0)} samples; growth = after the warm-up)",
            ("what", "first", "last", "max", "growth", "slope per min"),
            rows,
        ),
        Section(
            "CPU (cores busy on average during the soak; other = the rest of the machine)",
            ("server", "load generator", "other processes", "CPUs", "server log errors"),
            [
                (
                    server.get("cpu_cores"),
                    loadgen.get("cpu_cores"),
                    _other(server, loadgen),
                    results["machine"]["cpus"],
                    log.get("errors"),
                )
            ],
        ),
    ]


def _other(server: dict[str, Any], loadgen: dict[str, Any]) -> float | None:
    """Cores used by everything but the server and the load generator: on a shared machine,
    a run whose server had less than the CPUs it was calibrated with."""
    machine, own = server.get("machine_cpu_cores"), server.get("cpu_cores")
    generator = loadgen.get("cpu_cores")
    if machine is None or own is None or generator is None:
        return None
    return round(max(0.0, float(machine) - float(own) - float(generator)), 2)


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# {headline(results)}",
        "",
        f"Started {results['started_at']} on {results['machine']['cpus']} CPUs; one "
        "`souk serve` process on loopback, keyword-only index. Searches run open loop at "
        f"{results['config']['load_share']:.0%} of the measured ceiling (or the given rate).",
    ]
    for section in sections(results):
        lines += ["", f"## {section.title}", ""]
        lines.append("| " + " | ".join(section.headers) + " |")
        lines.append("|" + "---|" * len(section.headers))
        for row in section.rows:
            lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join([*lines, "", *notes(results)]).rstrip("\n") + "\n"


def notes(results: dict[str, Any]) -> list[str]:
    """What follows the tables: failed state checks, and the server log's errors."""
    lines: list[str] = []
    verification = results.get("verification") or {}
    if verification.get("failures"):
        lines += ["State failures:", ""] + [f"- {f}" for f in verification["failures"]] + [""]
    log = results.get("server", {}).get("log", {})
    if log.get("excerpt"):
        lines += ["Server log:", "", "```", *log["excerpt"], "```"]
    return lines


def tables(results: dict[str, Any]) -> list[Table]:
    """The report's sections as rich tables, for the console."""
    out = []
    for section in sections(results):
        table = Table(title=section.title, title_justify="left")
        for i, header in enumerate(section.headers):
            table.add_column(header, justify="left" if i == 0 else "right")
        for row in section.rows:
            table.add_row(*(f"[red]{_cell(v)}[/red]" if v is False else _cell(v) for v in row))
        out.append(table)
    return out


def write_results(results: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"soak-{time.strftime('%Y%m%d-%H%M%S')}"
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    md_path.write_text(markdown(results))
    return {"json": json_path, "markdown": md_path}
