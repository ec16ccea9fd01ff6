"""OpenAI-compatible chat: ``POST /v1/chat/completions`` (model = index uid), ``GET /v1/models``.

The official ``openai`` client works unchanged, streaming included (SSE). Responses carry
``products`` (the cited hits) and ``conversationId`` beside OpenAI's fields.

The key is checked before the body is read, the body's ``model`` (the index) after; the turn
(guard, search, the chat model) runs in the thread pool, never on the event loop.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from souk.api.auth import Action, AuthContext
from souk.api.body import json_object
from souk.api.deps import check_index, engine_of, require
from souk.assistant import Answer
from souk.config import Settings
from souk.engine import Engine
from souk.errors import SoukError
from souk.llm.base import Message

router = APIRouter(tags=["chat"])

_ROLES = {"system", "user", "assistant", "tool", "developer"}


def _messages(raw: Any, config: Settings) -> list[Message]:
    """The conversation's turns, within ``max_chat_messages`` turns of ``max_chat_chars``
    characters each (every turn is read by the guard's classifiers and the assistant)."""
    if not isinstance(raw, list) or not raw:
        raise SoukError("`messages` must be a non-empty array.", "invalid_chat_request")
    if len(raw) > config.max_chat_messages:
        raise SoukError(
            f"`messages` has {len(raw):,} messages; the limit is {config.max_chat_messages} "
            "(setting SOUK_MAX_CHAT_MESSAGES).",
            "invalid_chat_request",
        )
    out: list[Message] = []
    for n, item in enumerate(raw):
        if not isinstance(item, dict) or item.get("role") not in _ROLES:
            raise SoukError(
                f"`messages[{n}]` needs a `role` of system, user, assistant or tool.",
                "invalid_chat_request",
            )
        content = item.get("content")
        if isinstance(content, list):  # OpenAI's content parts: keep the text ones
            content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        if content is not None and not isinstance(content, str):
            raise SoukError(f"`messages[{n}].content` must be text.", "invalid_chat_request")
        if content is not None and len(content) > config.max_chat_chars:
            raise SoukError(
                f"`messages[{n}].content` is {len(content):,} characters long; the limit is "
                f"{config.max_chat_chars:,} (setting SOUK_MAX_CHAT_CHARS).",
                "invalid_chat_request",
            )
        role = item["role"]
        if role in ("system", "developer"):
            continue  # the shop's own system prompt governs; callers cannot replace it
        out.append(Message(role, content or ""))
    return out


@router.post("/v1/chat/completions")
async def chat_completions(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.CHAT_COMPLETIONS))]
) -> Any:
    body = await json_object(request, required=True)
    return await run_in_threadpool(_complete, engine_of(request), ctx, body)


def _complete(engine: Engine, ctx: AuthContext, body: dict[str, Any]) -> Any:
    """One assistant turn in the index named by ``model`` (blocking: search and the model)."""
    index_uid = body.get("model")
    if not isinstance(index_uid, str) or not index_uid:
        raise SoukError("`model` must be the uid of the index to shop in.", "invalid_chat_request")
    check_index(ctx, index_uid)
    messages = _messages(body.get("messages"), engine.config)
    actor = body.get("user") if isinstance(body.get("user"), str) else ctx.key_uid
    conversation = body.get("conversation_id")
    answer = engine.behaviour.assistant.reply(
        engine.scoped(index_uid, ctx.scope(index_uid)),
        messages,
        conversation_id=conversation if isinstance(conversation, str) else None,
        actor=None if actor is None else str(actor),
    )
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())
    if body.get("stream"):
        return StreamingResponse(
            _sse(
                engine.behaviour.assistant.stream(answer), answer, completion_id, created, index_uid
            ),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache"},
        )
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": index_uid,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": answer.text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        **_extras(answer),
    }


def _extras(answer: Answer) -> dict[str, Any]:
    return {
        "products": answer.products,
        "conversationId": answer.conversation_id,
        "souk": {
            "intent": answer.intent,
            "source": answer.source,
            "refused": answer.refused,
            "rule": answer.rule,
            "language": answer.language,
        },
    }


def _sse(
    pieces: Iterator[str], answer: Answer, completion_id: str, created: int, model: str
) -> Iterator[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return b"data: " + orjson.dumps(payload) + b"\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in pieces:
        yield chunk({"content": piece})
    yield chunk({}, "stop", **_extras(answer))
    yield b"data: [DONE]\n\n"


@router.get("/v1/models")
def models(
    request: Request, ctx: Annotated[AuthContext, Depends(require(Action.CHAT_COMPLETIONS))]
) -> dict[str, Any]:
    """Every index the credentials (and tenant token) may access is a "model" to chat with."""
    return {
        "object": "list",
        "data": [
            {"id": record.uid, "object": "model", "created": 0, "owned_by": "souk"}
            for record in engine_of(request).list_indexes()
            if ctx.allows_index(record.uid)
        ],
    }
