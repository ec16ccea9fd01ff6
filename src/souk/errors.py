"""Errors shaped like Meilisearch's: ``{message, code, type, link}`` plus an HTTP status.

:class:`Code` is the one table of error codes: each code's HTTP status and error type live
there and nowhere else (as in Meilisearch's ``meilisearch-types/src/error.rs``). Every module's
own exceptions derive from :class:`SoukException`, which knows the code it is reported under.
"""

from __future__ import annotations

import logging
from enum import Enum, StrEnum
from typing import Any

log = logging.getLogger("souk.errors")

_LINK = "https://docs.meilisearch.com/errors#"


class ErrorType(StrEnum):
    """Meilisearch's error types."""

    INVALID_REQUEST = "invalid_request"
    AUTH = "auth"
    INTERNAL = "internal"
    SYSTEM = "system"


class Code(Enum):
    """Every error code souk returns, with its HTTP status and type (default 400 /
    ``invalid_request``). Meilisearch's own codes keep Meilisearch's status; souk's own codes
    (events, recommendations, guard, analytics, chat) follow the same naming."""

    status: int
    error_type: ErrorType

    def __new__(
        cls, code: str, status: int = 400, error_type: ErrorType = ErrorType.INVALID_REQUEST
    ) -> Code:
        member = object.__new__(cls)
        member._value_ = code
        member.status = status
        member.error_type = error_type
        return member

    @classmethod
    def of(cls, code: Code | str) -> Code | None:
        """The table's entry for ``code`` (None for a code the table does not know)."""
        if isinstance(code, Code):
            return code
        try:
            return cls(code)
        except ValueError:
            return None

    API_KEY_ALREADY_EXISTS = "api_key_already_exists", 409
    API_KEY_NOT_FOUND = "api_key_not_found", 404
    BAD_REQUEST = "bad_request"
    BATCH_NOT_FOUND = "batch_not_found", 404
    DATA_DIR_IN_USE = "data_dir_in_use", 409
    DOCUMENT_NOT_FOUND = "document_not_found", 404
    DUMP_PROCESS_FAILED = "dump_process_failed", 500, ErrorType.INTERNAL
    IMMUTABLE_API_KEY_ACTIONS = "immutable_api_key_actions"
    IMMUTABLE_API_KEY_CREATED_AT = "immutable_api_key_created_at"
    IMMUTABLE_API_KEY_EXPIRES_AT = "immutable_api_key_expires_at"
    IMMUTABLE_API_KEY_INDEXES = "immutable_api_key_indexes"
    IMMUTABLE_API_KEY_UID = "immutable_api_key_uid"
    IMMUTABLE_API_KEY_UPDATED_AT = "immutable_api_key_updated_at"
    INDEX_ALREADY_EXISTS = "index_already_exists", 409
    INDEX_EMPTY = "index_empty"
    INDEX_NOT_FOUND = "index_not_found", 404
    INDEX_PRIMARY_KEY_ALREADY_EXISTS = "index_primary_key_already_exists"
    INDEX_PRIMARY_KEY_MULTIPLE_CANDIDATES_FOUND = "index_primary_key_multiple_candidates_found"
    INDEX_PRIMARY_KEY_NO_CANDIDATE_FOUND = "index_primary_key_no_candidate_found"
    INDEX_SCOPED_API_KEY_WITH_GLOBAL_ACTION = "index_scoped_api_key_with_global_action"
    INTERNAL = "internal", 500, ErrorType.INTERNAL
    INVALID_ANALYTICS_LIMIT = "invalid_analytics_limit"
    INVALID_ANALYTICS_SINCE = "invalid_analytics_since"
    INVALID_API_KEY = "invalid_api_key", 403, ErrorType.AUTH
    INVALID_API_KEY_ACTIONS = "invalid_api_key_actions"
    INVALID_API_KEY_DESCRIPTION = "invalid_api_key_description"
    INVALID_API_KEY_EXPIRES_AT = "invalid_api_key_expires_at"
    INVALID_API_KEY_INDEXES = "invalid_api_key_indexes"
    INVALID_API_KEY_LIMIT = "invalid_api_key_limit"
    INVALID_API_KEY_NAME = "invalid_api_key_name"
    INVALID_API_KEY_OFFSET = "invalid_api_key_offset"
    INVALID_API_KEY_UID = "invalid_api_key_uid"
    INVALID_AUDIT_LIMIT = "invalid_audit_limit"
    INVALID_BATCH_FROM = "invalid_batch_from"
    INVALID_BATCH_LIMIT = "invalid_batch_limit"
    INVALID_BATCH_UIDS = "invalid_batch_uids"
    INVALID_CHAT_REQUEST = "invalid_chat_request"
    INVALID_CONTENT_TYPE = "invalid_content_type", 415
    INVALID_DOCUMENT_CSV_DELIMITER = "invalid_document_csv_delimiter"
    INVALID_DOCUMENT_FIELDS = "invalid_document_fields"
    INVALID_DOCUMENT_FILTER = "invalid_document_filter"
    INVALID_DOCUMENT_ID = "invalid_document_id"
    INVALID_DOCUMENT_IDS = "invalid_document_ids"
    INVALID_DOCUMENT_LIMIT = "invalid_document_limit"
    INVALID_DOCUMENT_OFFSET = "invalid_document_offset"
    INVALID_DOCUMENT_RETRIEVE_VECTORS = "invalid_document_retrieve_vectors"
    INVALID_DOCUMENT_SORT = "invalid_document_sort"
    INVALID_DUMP = "invalid_dump"
    INVALID_EVENT = "invalid_event"
    INVALID_FACET_SEARCH_FACET_NAME = "invalid_facet_search_facet_name"
    INVALID_FACET_SEARCH_FACET_QUERY = "invalid_facet_search_facet_query"
    INVALID_GUARD_POLICY = "invalid_guard_policy"
    INVALID_INDEX_LIMIT = "invalid_index_limit"
    INVALID_INDEX_OFFSET = "invalid_index_offset"
    INVALID_INDEX_PRIMARY_KEY = "invalid_index_primary_key"
    INVALID_INDEX_UID = "invalid_index_uid"
    INVALID_MULTI_SEARCH_FEDERATION = "invalid_multi_search_federation"
    INVALID_MULTI_SEARCH_FEDERATION_FACETS_BY_INDEX = (
        "invalid_multi_search_federation_facets_by_index"
    )
    INVALID_MULTI_SEARCH_FEDERATION_LIMIT = "invalid_multi_search_federation_limit"
    INVALID_MULTI_SEARCH_FEDERATION_MERGE_FACETS = "invalid_multi_search_federation_merge_facets"
    INVALID_MULTI_SEARCH_FEDERATION_OFFSET = "invalid_multi_search_federation_offset"
    INVALID_MULTI_SEARCH_FEDERATION_OPTIONS = "invalid_multi_search_federation_options"
    INVALID_MULTI_SEARCH_WEIGHT = "invalid_multi_search_weight"
    INVALID_RANKING_MODEL = "invalid_ranking_model", 500, ErrorType.INTERNAL
    INVALID_RECOMMENDATION_LIMIT = "invalid_recommendation_limit"
    INVALID_SEARCH_ATTRIBUTES_TO_CROP = "invalid_search_attributes_to_crop"
    INVALID_SEARCH_ATTRIBUTES_TO_HIGHLIGHT = "invalid_search_attributes_to_highlight"
    INVALID_SEARCH_ATTRIBUTES_TO_RETRIEVE = "invalid_search_attributes_to_retrieve"
    INVALID_SEARCH_ATTRIBUTES_TO_SEARCH_ON = "invalid_search_attributes_to_search_on"
    INVALID_SEARCH_CROP_LENGTH = "invalid_search_crop_length"
    INVALID_SEARCH_CROP_MARKER = "invalid_search_crop_marker"
    INVALID_SEARCH_DISTINCT = "invalid_search_distinct"
    INVALID_SEARCH_EMBEDDER = "invalid_search_embedder"
    INVALID_SEARCH_FACETS = "invalid_search_facets"
    INVALID_SEARCH_FACETS_DISJUNCTIVE = "invalid_search_facets_disjunctive"
    INVALID_SEARCH_FILTER = "invalid_search_filter"
    INVALID_SEARCH_HIGHLIGHT_POST_TAG = "invalid_search_highlight_post_tag"
    INVALID_SEARCH_HIGHLIGHT_PRE_TAG = "invalid_search_highlight_pre_tag"
    INVALID_SEARCH_HITS_PER_PAGE = "invalid_search_hits_per_page"
    INVALID_SEARCH_HYBRID = "invalid_search_hybrid"
    INVALID_SEARCH_LIMIT = "invalid_search_limit"
    INVALID_SEARCH_LOCALES = "invalid_search_locales"
    INVALID_SEARCH_MATCHING_STRATEGY = "invalid_search_matching_strategy"
    INVALID_SEARCH_MEDIA = "invalid_search_media"
    INVALID_SEARCH_OFFSET = "invalid_search_offset"
    INVALID_SEARCH_PAGE = "invalid_search_page"
    INVALID_SEARCH_Q = "invalid_search_q"
    INVALID_SEARCH_RANKER = "invalid_search_ranker"
    INVALID_SEARCH_RANKING_SCORE_THRESHOLD = "invalid_search_ranking_score_threshold"
    INVALID_SEARCH_RETRIEVE_VECTORS = "invalid_search_retrieve_vectors"
    INVALID_SEARCH_SEMANTIC_RATIO = "invalid_search_semantic_ratio"
    INVALID_SEARCH_SHOW_MATCHES_POSITION = "invalid_search_show_matches_position"
    INVALID_SEARCH_SHOW_PERFORMANCE_DETAILS = "invalid_search_show_performance_details"
    INVALID_SEARCH_SHOW_RANKING_SCORE = "invalid_search_show_ranking_score"
    INVALID_SEARCH_SHOW_RANKING_SCORE_DETAILS = "invalid_search_show_ranking_score_details"
    INVALID_SEARCH_SORT = "invalid_search_sort"
    INVALID_SEARCH_UNDERSTAND = "invalid_search_understand"
    INVALID_SEARCH_VECTOR = "invalid_search_vector"
    INVALID_SEQUENCES = "invalid_sequences"
    INVALID_SETTINGS_DICTIONARY = "invalid_settings_dictionary"
    INVALID_SETTINGS_DISPLAYED_ATTRIBUTES = "invalid_settings_displayed_attributes"
    INVALID_SETTINGS_DISTINCT_ATTRIBUTE = "invalid_settings_distinct_attribute"
    INVALID_SETTINGS_EMBEDDERS = "invalid_settings_embedders"
    INVALID_SETTINGS_FACETING = "invalid_settings_faceting"
    INVALID_SETTINGS_FACET_SEARCH = "invalid_settings_facet_search"
    INVALID_SETTINGS_FILTERABLE_ATTRIBUTES = "invalid_settings_filterable_attributes"
    INVALID_SETTINGS_LOCALIZED_ATTRIBUTES = "invalid_settings_localized_attributes"
    INVALID_SETTINGS_NON_SEPARATOR_TOKENS = "invalid_settings_non_separator_tokens"
    INVALID_SETTINGS_PAGINATION = "invalid_settings_pagination"
    INVALID_SETTINGS_PREFIX_SEARCH = "invalid_settings_prefix_search"
    INVALID_SETTINGS_PROXIMITY_PRECISION = "invalid_settings_proximity_precision"
    INVALID_SETTINGS_RANKING_RULES = "invalid_settings_ranking_rules"
    INVALID_SETTINGS_SEARCHABLE_ATTRIBUTES = "invalid_settings_searchable_attributes"
    INVALID_SETTINGS_SEARCH_CUTOFF_MS = "invalid_settings_search_cutoff_ms"
    INVALID_SETTINGS_SEPARATOR_TOKENS = "invalid_settings_separator_tokens"
    INVALID_SETTINGS_SORTABLE_ATTRIBUTES = "invalid_settings_sortable_attributes"
    INVALID_SETTINGS_STOP_WORDS = "invalid_settings_stop_words"
    INVALID_SETTINGS_SYNONYMS = "invalid_settings_synonyms"
    INVALID_SETTINGS_TYPO_TOLERANCE = "invalid_settings_typo_tolerance"
    INVALID_SIMILAR_ATTRIBUTES_TO_RETRIEVE = "invalid_similar_attributes_to_retrieve"
    INVALID_SIMILAR_EMBEDDER = "invalid_similar_embedder"
    INVALID_SIMILAR_FILTER = "invalid_similar_filter"
    INVALID_SIMILAR_ID = "invalid_similar_id"
    INVALID_SIMILAR_LIMIT = "invalid_similar_limit"
    INVALID_SIMILAR_OFFSET = "invalid_similar_offset"
    INVALID_SIMILAR_RANKING_SCORE_THRESHOLD = "invalid_similar_ranking_score_threshold"
    INVALID_SIMILAR_RETRIEVE_VECTORS = "invalid_similar_retrieve_vectors"
    INVALID_SIMILAR_SHOW_RANKING_SCORE = "invalid_similar_show_ranking_score"
    INVALID_SIMILAR_SHOW_RANKING_SCORE_DETAILS = "invalid_similar_show_ranking_score_details"
    INVALID_SPLIT = "invalid_split"
    INVALID_SWAP_DUPLICATE_INDEX_FOUND = "invalid_swap_duplicate_index_found"
    INVALID_SWAP_INDEXES = "invalid_swap_indexes"
    INVALID_SWAP_RENAME = "invalid_swap_rename"
    INVALID_TASK_AFTER_ENQUEUED_AT = "invalid_task_after_enqueued_at"
    INVALID_TASK_AFTER_FINISHED_AT = "invalid_task_after_finished_at"
    INVALID_TASK_AFTER_STARTED_AT = "invalid_task_after_started_at"
    INVALID_TASK_BEFORE_ENQUEUED_AT = "invalid_task_before_enqueued_at"
    INVALID_TASK_BEFORE_FINISHED_AT = "invalid_task_before_finished_at"
    INVALID_TASK_BEFORE_STARTED_AT = "invalid_task_before_started_at"
    INVALID_TASK_CANCELED_BY = "invalid_task_canceled_by"
    INVALID_TASK_FROM = "invalid_task_from"
    INVALID_TASK_INDEX_UIDS = "invalid_task_index_uids"
    INVALID_TASK_LIMIT = "invalid_task_limit"
    INVALID_TASK_STATUSES = "invalid_task_statuses"
    INVALID_TASK_TYPES = "invalid_task_types"
    INVALID_TASK_UIDS = "invalid_task_uids"
    INVALID_VECTORS = "invalid_vectors"
    INVALID_VECTOR_DIMENSIONS = "invalid_vector_dimensions"
    INVALID_WEBHOOK_HEADERS = "invalid_webhook_headers"
    INVALID_WEBHOOK_URL = "invalid_webhook_url"
    INVALID_WEBHOOK_UUID = "invalid_webhook_uuid"
    LEXICAL_INDEX_CORRUPT = "lexical_index_corrupt", 500, ErrorType.INTERNAL
    LLM_ERROR = "llm_error", 502, ErrorType.SYSTEM
    MALFORMED_PAYLOAD = "malformed_payload"
    METHOD_NOT_ALLOWED = "method_not_allowed", 405
    MISSING_API_KEY_ACTIONS = "missing_api_key_actions"
    MISSING_API_KEY_EXPIRES_AT = "missing_api_key_expires_at"
    MISSING_API_KEY_INDEXES = "missing_api_key_indexes"
    MISSING_AUTHORIZATION_HEADER = "missing_authorization_header", 401, ErrorType.AUTH
    MISSING_CONTENT_TYPE = "missing_content_type", 415
    MISSING_DOCUMENT_FILTER = "missing_document_filter"
    MISSING_DOCUMENT_ID = "missing_document_id"
    MISSING_FACET_SEARCH_FACET_NAME = "missing_facet_search_facet_name"
    MISSING_INDEX_UID = "missing_index_uid"
    MISSING_MASTER_KEY = "missing_master_key", 401, ErrorType.AUTH
    MISSING_MULTI_SEARCH_QUERIES = "missing_multi_search_queries"
    MISSING_PAYLOAD = "missing_payload"
    MISSING_TASK_FILTERS = "missing_task_filters"
    NOT_FOUND = "not_found", 404
    NOT_FOUND_SIMILAR_ID = "not_found_similar_id", 404
    PAYLOAD_TOO_LARGE = "payload_too_large", 413
    RECOMMENDATIONS_NOT_TRAINED = "recommendations_not_trained", 404
    RESTORE_TARGET_NOT_EMPTY = "restore_target_not_empty", 409
    SNAPSHOT_PROCESS_FAILED = "snapshot_process_failed", 500, ErrorType.INTERNAL
    STORE_CORRUPT = "store_corrupt", 500, ErrorType.SYSTEM
    TASK_NOT_FOUND = "task_not_found", 404
    TASK_TIMEOUT = "task_timeout", 408
    TOO_MANY_WEBHOOKS = "too_many_webhooks"
    VECTOR_EMBEDDING_ERROR = "vector_embedding_error"
    VECTOR_INDEX_CORRUPT = "vector_index_corrupt", 500, ErrorType.INTERNAL
    WEBHOOK_NOT_FOUND = "webhook_not_found", 404


class SoukException(Exception):
    """Base of every exception souk's modules raise on purpose.

    Layers below the API raise their own subclass (a filter that does not parse, a model that
    cannot embed, a corrupt index); :meth:`to_error` turns it into the :class:`SoukError` the
    API and the task worker report.
    """

    error_code: Code = Code.INTERNAL

    def to_error(self) -> SoukError:
        return SoukError(str(self), self.error_code)


class SoukError(SoukException):
    """An error a user can act on: a message and a code from :class:`Code`.

    A code missing from the table is reported as 400 ``invalid_request`` (and logged); the test
    suite checks that every code the source names is in the table.
    """

    def __init__(self, message: str, code: Code | str) -> None:
        super().__init__(message)
        self.message = message
        entry = Code.of(code)
        if entry is None:
            log.warning("error code %r is not in souk.errors.Code", code)
        self.code: str = entry.value if entry is not None else str(code)
        self.error_type: str = (entry.error_type if entry else ErrorType.INVALID_REQUEST).value
        self.status: int = entry.status if entry is not None else 400

    def to_error(self) -> SoukError:
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "code": self.code,
            "type": self.error_type,
            "link": _LINK + self.code,
        }


def index_not_found(uid: str) -> SoukError:
    return SoukError(f"Index `{uid}` not found.", Code.INDEX_NOT_FOUND)


def index_already_exists(uid: str) -> SoukError:
    return SoukError(f"Index `{uid}` already exists.", Code.INDEX_ALREADY_EXISTS)


def invalid_index_uid(uid: str) -> SoukError:
    return SoukError(
        f"`{uid}` is not a valid index uid. Index uid can be an integer or a string containing "
        "only alphanumeric characters, hyphens (-) and underscores (_), and can not be more "
        "than 512 bytes.",
        Code.INVALID_INDEX_UID,
    )


def task_not_found(uid: int) -> SoukError:
    return SoukError(f"Task `{uid}` not found.", Code.TASK_NOT_FOUND)


def document_not_found(doc_id: str) -> SoukError:
    return SoukError(f"Document `{doc_id}` not found.", Code.DOCUMENT_NOT_FOUND)


def internal(message: str) -> SoukError:
    return SoukError(message, Code.INTERNAL)


def reject_unknown_fields(body: Any, allowed: set[str] | frozenset[str], where: str = "") -> None:
    """Meilisearch's ``bad_request`` for a body field it does not know (names the first)."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise SoukError(
            f"Unknown field `{unknown[0]}`{where}: expected one of "
            + ", ".join(f"`{k}`" for k in sorted(allowed)),
            Code.BAD_REQUEST,
        )
