"""Running the API with uvicorn.

With ``--workers N`` uvicorn starts N processes; each opens the engine, but only the one that
holds the data directory's worker lock applies tasks, the others serve reads and enqueue.
"""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from souk.api.app import DEFAULT_MAX_BODY_BYTES, create_app
from souk.config import Settings
from souk.engine import Engine
from souk.errors import SoukError
from souk.store.backup import Kind
from souk.tasks.restore import restore_backup

log = logging.getLogger("souk.api")


def app_from_environment() -> FastAPI:
    """The app factory uvicorn calls in each worker process (configuration from ``SOUK_*``)."""
    config = Settings()
    max_body = int(os.environ.get("SOUK_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))
    return create_app(Engine(config), master_key=config.master_key or None, max_body_bytes=max_body)


def import_at_start(dump: Path | None, snapshot: Path | None) -> None:
    """Meilisearch's ``--import-dump`` / ``--import-snapshot``: load the file into the (empty)
    store before serving; exit with the reason if the store holds data or the file is bad."""
    if dump is None and snapshot is None:
        return
    if dump is not None and snapshot is not None:
        raise SystemExit("error: give --import-dump or --import-snapshot, not both")
    path, kind = (dump, Kind.DUMP) if dump is not None else (snapshot, Kind.SNAPSHOT)
    assert path is not None
    try:
        summary = restore_backup(Settings(), path, expect=kind)
    except SoukError as exc:
        raise SystemExit(f"error ({exc.code}): {exc.message}") from None
    rows = sum(summary["rows"].values())
    log.info("imported %s: %d rows in %.2fs", path, rows, summary["seconds"])


def run_server(
    *,
    host: str,
    port: int,
    workers: int,
    master_key: str | None,
    max_body_bytes: int,
    import_dump: Path | None = None,
    import_snapshot: Path | None = None,
) -> None:
    if master_key:
        os.environ["SOUK_MASTER_KEY"] = master_key
    os.environ["SOUK_MAX_BODY_BYTES"] = str(max_body_bytes)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    import_at_start(import_dump, import_snapshot)
    from souk.api.startup import preflight  # a damaged store stops here, in one line

    preflight(Settings())
    if workers == 1:
        uvicorn.run(
            "souk.api.server:app_from_environment",
            factory=True,
            host=host,
            port=port,
            log_level="info",
            access_log=False,
        )
        return
    config = uvicorn.Config(
        "souk.api.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )
    sock = config.bind_socket()
    # Worker processes serve connections accepted on an inherited socket, which asyncio does
    # not recognise as TCP, so it never turns Nagle's algorithm off: every response then waits
    # for the client's delayed ACK (~40 ms on Linux, measured by `souk bench --souk-workers 2`).
    # Accepted sockets inherit TCP_NODELAY from the listening socket.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()
