"""Remote embedders over HTTP: OpenAI-compatible (OpenAI, DashScope, vLLM…), Ollama, and REST.

They follow Meilisearch's embedder settings (``source`` ``openAi`` / ``ollama`` / ``rest`` with
``url``, ``apiKey``, ``model``, ``dimensions``, and for ``rest`` the ``request``/``response``
templates where ``"{{text}}"`` stands for one input and ``"{{embedding}}"`` marks the vector).
Nothing is called until the first embedding is needed, so settings can be saved offline; a
failing server fails the task that needed it, with the server's answer in the error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import numpy as np

from souk.retrieval.embedders.base import (
    DOCUMENT_BATCH_SIZE,
    EmbedderError,
    FloatArray,
    Progress,
    l2_normalise,
)

REMOTE_SOURCES = ("openAi", "ollama", "rest")
REMOTE_KEYS = frozenset(
    {
        "url",
        "apiKey",
        "request",
        "response",
        "headers",
        "distribution",
        "binaryQuantized",
        "searchEmbedder",
        "indexingEmbedder",
    }
)
TIMEOUT_SECONDS = 30.0

_DEFAULT_URL = {
    "openAi": "https://api.openai.com/v1/embeddings",
    "ollama": "http://localhost:11434/api/embed",
}
_DEFAULT_MODEL = {"openAi": "text-embedding-3-small", "ollama": "nomic-embed-text"}
_KNOWN_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
    "nomic-embed-text": 768,
}


class RemoteEmbedder:
    def __init__(self, config: Mapping[str, Any]) -> None:
        self.name = str(config["source"])
        self.config = dict(config)
        self.model = config.get("model") or _DEFAULT_MODEL.get(self.name)
        self.url = config.get("url") or _DEFAULT_URL.get(self.name)
        if not self.url:
            raise EmbedderError(f"the {self.name} embedder needs a `url`")
        dimensions = config.get("dimensions") or _KNOWN_DIMENSIONS.get(str(self.model))
        if not dimensions:
            raise EmbedderError(f"the {self.name} embedder needs `dimensions`")
        self.dimensions = int(dimensions)
        if self.name == "rest" and ("request" not in config or "response" not in config):
            raise EmbedderError("the rest embedder needs `request` and `response` templates")

    # -- protocol ----------------------------------------------------------------------
    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> FloatArray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), DOCUMENT_BATCH_SIZE):
            rows.extend(self._embed(list(texts[start : start + DOCUMENT_BATCH_SIZE])))
            if progress is not None:
                progress(len(rows))
        if not rows:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return self._check(np.asarray(rows, dtype=np.float32))

    def embed_query(self, text: str) -> FloatArray:
        vectors: FloatArray = self._check(np.asarray(self._embed([text]), dtype=np.float32))
        return np.ascontiguousarray(vectors[0], dtype=np.float32)

    # -- transport ---------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.config.get("apiKey"):
            headers["Authorization"] = f"Bearer {self.config['apiKey']}"
        extra = self.config.get("headers")
        if isinstance(extra, Mapping):
            headers.update({str(k): str(v) for k, v in extra.items()})
        return headers

    def _post(self, body: Any) -> Any:
        try:
            response = httpx.post(
                str(self.url), json=body, headers=self._headers(), timeout=TIMEOUT_SECONDS
            )
        except httpx.HTTPError as exc:
            raise EmbedderError(
                f"the {self.name} embedder could not reach {self.url}: {exc}"
            ) from exc
        if response.status_code >= 400:
            raise EmbedderError(
                f"the {self.name} embedder at {self.url} answered "
                f"{response.status_code}: {response.text[:300]}"
            )
        try:
            return response.json()
        except ValueError as exc:
            raise EmbedderError(
                f"the {self.name} embedder at {self.url} did not answer JSON"
            ) from exc

    def _embed(self, texts: list[str]) -> list[list[float]]:
        if self.name == "openAi":
            body: dict[str, Any] = {"model": self.model, "input": texts}
            if self.config.get("dimensions"):
                body["dimensions"] = self.dimensions
            data = self._post(body)
            items = sorted(data.get("data", []), key=lambda item: item.get("index", 0))
            return [list(item["embedding"]) for item in items]
        if self.name == "ollama":
            data = self._post({"model": self.model, "input": texts})
            return [list(v) for v in data.get("embeddings", [])]
        return [self._rest_one(text) for text in texts]

    def _rest_one(self, text: str) -> list[float]:
        body = _fill(self.config["request"], text)
        vector = _extract(self.config["response"], self._post(body))
        if vector is None:
            raise EmbedderError(
                "the rest embedder's response did not match its `response` template"
            )
        return list(vector)

    def _check(self, vectors: FloatArray) -> FloatArray:
        if vectors.ndim != 2 or vectors.shape[1] != self.dimensions:
            raise EmbedderError(
                f"the {self.name} embedder returned vectors of shape "
                f"{vectors.shape}, expected {self.dimensions} dimensions"
            )
        return l2_normalise(vectors)


def _fill(template: Any, text: str) -> Any:
    if template == "{{text}}":
        return text
    if isinstance(template, Mapping):
        return {k: _fill(v, text) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, text) for v in template]
    return template


def _extract(template: Any, value: Any) -> Any:
    """Walk ``value`` along the path where ``template`` holds ``"{{embedding}}"``."""
    if template == "{{embedding}}":
        return value
    if isinstance(template, Mapping) and isinstance(value, Mapping):
        for key, sub in template.items():
            if key in value:
                found = _extract(sub, value[key])
                if found is not None:
                    return found
    if isinstance(template, list) and isinstance(value, list) and template and value:
        return _extract(template[0], value[0])
    return None
