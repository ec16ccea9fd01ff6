"""Errors shaped like Meilisearch's: ``{message, code, type, link}`` plus an HTTP status."""

from __future__ import annotations

from typing import Any

_LINK = "https://docs.meilisearch.com/errors#"


class SoukError(Exception):
    """An error a user can act on. ``code`` follows Meilisearch's error codes."""

    def __init__(
        self, message: str, code: str, *, error_type: str = "invalid_request", status: int = 400
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.error_type = error_type
        self.status = status

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "code": self.code,
            "type": self.error_type,
            "link": _LINK + self.code,
        }


def index_not_found(uid: str) -> SoukError:
    return SoukError(f"Index `{uid}` not found.", "index_not_found", status=404)


def index_already_exists(uid: str) -> SoukError:
    return SoukError(f"Index `{uid}` already exists.", "index_already_exists", status=409)


def invalid_index_uid(uid: str) -> SoukError:
    return SoukError(
        f"`{uid}` is not a valid index uid. Index uid can be an integer or a string containing "
        "only alphanumeric characters, hyphens (-) and underscores (_), and can not be more "
        "than 512 bytes.",
        "invalid_index_uid",
    )


def task_not_found(uid: int) -> SoukError:
    return SoukError(f"Task `{uid}` not found.", "task_not_found", status=404)


def document_not_found(doc_id: str) -> SoukError:
    return SoukError(f"Document `{doc_id}` not found.", "document_not_found", status=404)


def internal(message: str) -> SoukError:
    return SoukError(message, "internal", error_type="internal", status=500)


def reject_unknown_fields(body: Any, allowed: set[str] | frozenset[str], where: str = "") -> None:
    """Meilisearch's ``bad_request`` for a body field it does not know (names the first)."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise SoukError(
            f"Unknown field `{unknown[0]}`{where}: expected one of "
            + ", ".join(f"`{k}`" for k in sorted(allowed)),
            "bad_request",
        )
