"""One contract for every ChatModel: the scripted fake, the embedded SmolLM2 (real), and the
OpenAI-compatible adapter against a local server speaking the OpenAI wire format."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest

from souk.config import Settings
from souk.llm import ChatModel, LlmError, Message, ToolSpec, open_chat_model
from souk.llm.embedded import EmbeddedChat, bundled_model_path
from souk.llm.openai_compatible import OpenAICompatibleChat
from tests.support.fake_llm import ScriptedChat

QUESTION = [
    Message("system", "You answer in one short sentence."),
    Message("user", "Which is lighter: a 300 g jacket or a 450 g jacket?"),
]


@pytest.fixture(scope="module")
def embedded() -> Iterator[EmbeddedChat]:
    model = EmbeddedChat(threads=1, context=2048)
    yield model
    model.close()


class OpenAIWire(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions the way OpenAI does: JSON, tool calls, or SSE chunks."""

    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        OpenAIWire.requests.append(body)
        if self.headers.get("authorization") != "Bearer secret":
            self._send(401, {"error": {"message": "bad key", "type": "invalid_request_error"}})
            return
        if body.get("stream"):
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            for piece in ("The 300 g", " jacket", "."):
                chunk = {
                    "id": "c1",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": body["model"],
                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        message: dict[str, Any] = {"role": "assistant", "content": "The 300 g jacket."}
        if body.get("tools"):
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "t1",
                        "type": "function",
                        "function": {"name": "search", "arguments": '{"q": "jacket"}'},
                    }
                ],
            }
        elif body.get("response_format"):
            message["content"] = '{"answer": "300 g"}'
        self._send(
            200,
            {
                "id": "c1",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25},
            },
        )

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def wire_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), OpenAIWire)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


@pytest.fixture(params=["scripted", "embedded", "openai_compatible"])
def model(request: pytest.FixtureRequest, wire_url: str) -> ChatModel:
    if request.param == "scripted":
        return ScriptedChat(default="The 300 g jacket.")
    if request.param == "embedded":
        return request.getfixturevalue("embedded")  # type: ignore[no-any-return]
    return OpenAICompatibleChat(base_url=wire_url, model="qwen-plus", api_key="secret")


def test_chat_answers(model: ChatModel) -> None:
    assert isinstance(model, ChatModel)
    result = model.chat(QUESTION, max_tokens=40)
    assert "300" in result.content
    assert result.finish_reason in ("stop", "length")


def test_stream_pieces_add_up(model: ChatModel) -> None:
    pieces = list(model.stream(QUESTION, max_tokens=40))
    assert len(pieces) >= 2 and "300" in "".join(pieces)


def test_embedded_json_schema_output_is_valid(embedded: EmbeddedChat) -> None:
    schema = {
        "type": "object",
        "properties": {"intent": {"type": "string", "enum": ["search", "compare", "other"]}},
        "required": ["intent"],
    }
    result = embedded.chat(
        [Message("user", "Find me red shoes")], json_schema=schema, max_tokens=30
    )
    assert json.loads(result.content)["intent"] in ("search", "compare", "other")


def test_openai_adapter_sends_tools_schema_and_key(wire_url: str) -> None:
    chat = OpenAICompatibleChat(base_url=wire_url, model="qwen-plus", api_key="secret")
    tool = ToolSpec(
        "search", "Search the catalog", {"type": "object", "properties": {"q": {"type": "string"}}}
    )
    calls = chat.chat(QUESTION, tools=[tool]).tool_calls
    assert [(c.name, c.arguments) for c in calls] == [("search", {"q": "jacket"})]
    assert OpenAIWire.requests[-1]["tools"][0]["function"]["name"] == "search"
    result = chat.chat(QUESTION, json_schema={"type": "object"})
    assert json.loads(result.content) == {"answer": "300 g"}
    assert OpenAIWire.requests[-1]["response_format"]["type"] == "json_schema"
    assert result.usage == {"prompt_tokens": 20, "completion_tokens": 5}


def test_openai_adapter_errors_are_llm_errors(wire_url: str) -> None:
    with pytest.raises(LlmError, match="qwen-plus"):
        OpenAICompatibleChat(base_url=wire_url, model="qwen-plus", api_key="wrong").chat(QUESTION)
    with pytest.raises(LlmError):
        OpenAICompatibleChat(base_url="http://127.0.0.1:9/v1", model="m", timeout=2).chat(QUESTION)


def test_factory(wire_url: str) -> None:
    remote = open_chat_model(
        Settings(
            llm_backend="openai_compatible",
            llm_base_url=wire_url,
            llm_model="qwen-plus",
            llm_api_key="secret",
        )
    )
    assert isinstance(remote, OpenAICompatibleChat) and remote.capable
    with pytest.raises(LlmError, match="SOUK_LLM_BASE_URL"):
        open_chat_model(Settings(llm_backend="openai_compatible"))
    assert bundled_model_path().name.endswith(".gguf")
