"""The FastAPI application: Meilisearch-compatible routes, errors, limits, the task worker."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from souk import __version__
from souk.api.auth import Authenticator
from souk.api.responses import JsonResponse
from souk.api.webhook_delivery import WebhookNotifier
from souk.api.webhook_dispatch import WebhookDispatcher
from souk.api.worker_thread import BackgroundWorker
from souk.engine import Engine
from souk.errors import SoukError
from souk.store.task_records import custom_metadata
from souk.store.webhooks import WebhookStore

log = logging.getLogger("souk.api")

DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024  # Meilisearch's default payload limit (100 MiB)


def error_response(error: SoukError) -> JsonResponse:
    return JsonResponse(error.to_dict(), status_code=error.status)


def payload_too_large(limit: int) -> SoukError:
    return SoukError(
        f"The provided payload reached the size limit. The maximum accepted payload size is "
        f"{_human(limit)}.",
        "payload_too_large",
    )


def _human(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:g} {unit}" if unit == "B" else f"{size:.0f} {unit}"
        size //= 1024
    return f"{size} B"


class BodyLimit:
    """Refuse a body over ``limit`` bytes as it arrives, Content-Length or not (a chunked upload
    has none): reading it raises ``payload_too_large``, which the app answers with a 413."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise payload_too_large(self.limit)
            return message

        await self.app(scope, bounded, send)


def create_app(
    engine: Engine,
    *,
    master_key: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    run_worker: bool = True,
) -> FastAPI:
    """Build the app around an engine; ``run_worker`` starts the background task worker."""
    hooks = WebhookStore(engine.store)
    dispatcher = WebhookDispatcher()  # POSTs on its own threads, stopped with the app
    notifier = WebhookNotifier(engine.store, hooks, dispatcher)
    worker = BackgroundWorker(engine, notifier) if run_worker else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if master_key is None:
            log.warning(
                "No master key is set: every route is open. Set SOUK_MASTER_KEY (or "
                "--master-key) before exposing souk beyond this machine."
            )
        if worker is not None:
            worker.start()
        from souk.api.startup import StartupThread  # store check, warm start, file checks

        startup = _app.state.startup = StartupThread(engine)
        startup.start()
        try:
            yield
        finally:
            startup.stop()
            if worker is not None:
                worker.stop()
            dispatcher.stop()

    app = FastAPI(
        title="souk",
        version=__version__,
        lifespan=lifespan,
        default_response_class=JsonResponse,
        description="Meilisearch-compatible search API with AI features beside it.",
    )
    app.state.engine = engine
    app.state.auth = Authenticator(engine.store, master_key)
    app.state.wake = worker.wake if worker is not None else None
    app.state.webhooks = hooks
    app.state.notifier = notifier
    app.state.max_body_bytes = max_body_bytes

    app.add_middleware(BodyLimit, limit=max_body_bytes)

    @app.middleware("http")
    async def limit_body(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None:
            try:
                too_big = int(length) > max_body_bytes
            except ValueError:
                return error_response(SoukError("Invalid Content-Length header.", "bad_request"))
            if too_big:
                return error_response(payload_too_large(max_body_bytes))
        token = custom_metadata.set(request.query_params.get("customMetadata"))
        try:
            return await call_next(request)
        finally:
            custom_metadata.reset(token)

    @app.exception_handler(SoukError)
    async def on_souk_error(_request: Request, exc: SoukError) -> JsonResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_request: Request, exc: RequestValidationError) -> JsonResponse:
        first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
        location = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "body"))
        return error_response(
            SoukError(
                f"Invalid value in parameter `{location}`: {first.get('msg', 'invalid value')}",
                "bad_request",
            )
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_request: Request, exc: StarletteHTTPException) -> JsonResponse:
        if exc.status_code == 404:
            return error_response(SoukError("Not Found", "not_found"))
        if exc.status_code == 405:
            return error_response(SoukError("Method Not Allowed", "method_not_allowed"))
        error = SoukError(str(exc.detail), "bad_request")
        error.status = exc.status_code  # what Starlette decided (e.g. 400 for a bad header)
        return error_response(error)

    @app.exception_handler(Exception)
    async def on_unexpected(_request: Request, exc: Exception) -> JsonResponse:
        log.exception("unexpected error")
        return error_response(
            SoukError(
                f"Internal error: {type(exc).__name__}",
                "internal",
            )
        )

    from souk.api.meili import (
        backups,
        documents,
        indexes,
        keys,
        search,
        settings,
        system,
        tasks,
        webhooks,
    )

    for module in (system, indexes, documents, search, settings, tasks, keys, webhooks, backups):
        app.include_router(module.router)

    from souk.api.ai import analytics, chat, events, guard, recommendations, storefront

    for extra in (events, recommendations, analytics, chat, guard, storefront):
        app.include_router(extra.router)
    return app
