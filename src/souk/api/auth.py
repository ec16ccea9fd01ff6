"""Authorisation with Meilisearch's semantics: master key, API keys, tenant tokens.

Without a master key every route is open except ``/keys`` (401 ``missing_master_key``). With one,
every route but ``/health`` needs ``Authorization: Bearer <token>`` where the token is the master
key, an API key's value, or (on search routes only) a tenant token: a JWT signed with an API key's
value whose ``searchRules`` narrow the parent key's indexes and may add a filter per index.

Index-less routes follow Meilisearch's index scopes: an index-scoped key may call the routes whose
handler filters by index itself (``GET /indexes``, ``GET /tasks``, ``/stats``, multi-search...),
but never the global ones (``/version``, ``/keys``, dumps...).

Routes do not call this module themselves: each declares its :class:`Action` with
``Depends(require(Action.X))`` (:mod:`souk.api.deps`), which authenticates before the body is read.
"""

from __future__ import annotations

import hmac
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import jwt

from souk.errors import SoukError
from souk.search.scope import Scope
from souk.store.keys import ApiKey, KeyStore, derive_key
from souk.store.store import Store


class Action(StrEnum):
    """Every action Meilisearch accepts, in its order (error messages list them in this order).

    A route declares the one it needs with ``Depends(require(Action.X))`` (see
    :mod:`souk.api.deps`).
    """

    ALL = "*"
    SEARCH = "search"
    DOCUMENTS_ALL = "documents.*"
    DOCUMENTS_ADD = "documents.add"
    DOCUMENTS_GET = "documents.get"
    DOCUMENTS_DELETE = "documents.delete"
    INDEXES_ALL = "indexes.*"
    INDEXES_CREATE = "indexes.create"
    INDEXES_GET = "indexes.get"
    INDEXES_UPDATE = "indexes.update"
    INDEXES_DELETE = "indexes.delete"
    INDEXES_SWAP = "indexes.swap"
    TASKS_ALL = "tasks.*"
    TASKS_CANCEL = "tasks.cancel"
    TASKS_DELETE = "tasks.delete"
    TASKS_GET = "tasks.get"
    SETTINGS_ALL = "settings.*"
    SETTINGS_GET = "settings.get"
    SETTINGS_UPDATE = "settings.update"
    STATS_ALL = "stats.*"
    STATS_GET = "stats.get"
    METRICS_ALL = "metrics.*"
    METRICS_GET = "metrics.get"
    DUMPS_ALL = "dumps.*"
    DUMPS_CREATE = "dumps.create"
    SNAPSHOTS_ALL = "snapshots.*"
    SNAPSHOTS_CREATE = "snapshots.create"
    VERSION = "version"
    KEYS_CREATE = "keys.create"
    KEYS_GET = "keys.get"
    KEYS_UPDATE = "keys.update"
    KEYS_DELETE = "keys.delete"
    EXPERIMENTAL_GET = "experimental.get"
    EXPERIMENTAL_UPDATE = "experimental.update"
    EXPORT = "export"
    NETWORK_GET = "network.get"
    NETWORK_UPDATE = "network.update"
    CHAT_COMPLETIONS = "chatCompletions"
    CHATS_ALL = "chats.*"
    CHATS_GET = "chats.get"
    CHATS_DELETE = "chats.delete"
    CHATS_SETTINGS_ALL = "chatsSettings.*"
    CHATS_SETTINGS_GET = "chatsSettings.get"
    CHATS_SETTINGS_UPDATE = "chatsSettings.update"
    ALL_GET = "*.get"
    WEBHOOKS_GET = "webhooks.get"
    WEBHOOKS_UPDATE = "webhooks.update"
    WEBHOOKS_DELETE = "webhooks.delete"
    WEBHOOKS_CREATE = "webhooks.create"
    WEBHOOKS_ALL = "webhooks.*"
    INDEXES_COMPACT = "indexes.compact"
    FIELDS_POST = "fields.post"
    TASKS_COMPACT = "tasks.compact"
    DYNAMIC_SEARCH_RULES_GET = "dynamicSearchRules.get"
    DYNAMIC_SEARCH_RULES_CREATE = "dynamicSearchRules.create"
    DYNAMIC_SEARCH_RULES_UPDATE = "dynamicSearchRules.update"
    DYNAMIC_SEARCH_RULES_DELETE = "dynamicSearchRules.delete"
    DYNAMIC_SEARCH_RULES_ALL = "dynamicSearchRules.*"


#: the action strings, in :class:`Action` order (what ``POST /keys`` accepts)
ACTIONS: tuple[str, ...] = tuple(action.value for action in Action)

_GROUPS: dict[str, tuple[str, ...]] = {
    "documents.*": ("documents.get", "documents.delete", "documents.add"),
    "indexes.*": (
        "indexes.create",
        "indexes.delete",
        "indexes.get",
        "indexes.update",
        "indexes.swap",
        "indexes.compact",
    ),
    "settings.*": ("settings.get", "settings.update"),
    "dumps.*": ("dumps.create",),
    "snapshots.*": ("snapshots.create",),
    "tasks.*": ("tasks.get", "tasks.delete", "tasks.cancel", "tasks.compact"),
    "stats.*": ("stats.get",),
    "metrics.*": ("metrics.get",),
    "chats.*": ("chats.get", "chats.delete"),
    "chatsSettings.*": ("chatsSettings.get", "chatsSettings.update"),
    "webhooks.*": ("webhooks.get", "webhooks.update", "webhooks.delete", "webhooks.create"),
    "dynamicSearchRules.*": (
        "dynamicSearchRules.get",
        "dynamicSearchRules.create",
        "dynamicSearchRules.update",
        "dynamicSearchRules.delete",
    ),
}

# What ``*.get`` grants. ``keys.get`` is deliberately absent (no privilege escalation), and so is
# ``chatCompletions`` (it may create chats), as in Meilisearch.
READ_ACTIONS: frozenset[str] = frozenset(
    {
        "search",
        "documents.get",
        "export",
        "indexes.get",
        "tasks.get",
        "settings.get",
        "stats.get",
        "metrics.get",
        "version",
        "experimental.get",
        "network.get",
        "chats.get",
        "chatsSettings.get",
        "webhooks.get",
        "fields.post",
        "dynamicSearchRules.get",
    }
)

# Global actions the route handler narrows by index itself: an index-scoped key may call them.
ROUTE_CHECKS_INDEX: frozenset[str] = frozenset(
    {
        "search",
        "documents.get",
        "indexes.create",
        "indexes.get",
        "indexes.swap",
        "tasks.cancel",
        "tasks.delete",
        "tasks.get",
        "settings.get",
        "stats.*",
        "stats.get",
        "chatCompletions",
    }
)

# Purely global actions: an index-scoped key can neither use nor even be created with them.
DENY_INDEX_SCOPE: frozenset[str] = frozenset(
    {
        "metrics.*",
        "metrics.get",
        "dumps.*",
        "dumps.create",
        "snapshots.*",
        "snapshots.create",
        "version",
        "keys.create",
        "keys.get",
        "keys.update",
        "keys.delete",
        "experimental.get",
        "experimental.update",
        "export",
        "network.get",
        "network.update",
        "chats.*",
        "chats.get",
        "chats.delete",
        "chatsSettings.*",
        "chatsSettings.get",
        "chatsSettings.update",
        "webhooks.get",
        "webhooks.update",
        "webhooks.delete",
        "webhooks.create",
        "webhooks.*",
        "dynamicSearchRules.get",
        "dynamicSearchRules.create",
        "dynamicSearchRules.update",
        "dynamicSearchRules.delete",
        "dynamicSearchRules.*",
        "tasks.compact",
    }
)

KEY_ACTIONS: frozenset[str] = frozenset({"keys.create", "keys.get", "keys.update", "keys.delete"})

# Actions a tenant token can be used for (any other route treats the token as an API key).
TENANT_TOKEN_ACTIONS: frozenset[str] = frozenset({"search", "chatCompletions"})

_ALL: frozenset[str] = frozenset(ACTIONS)
_TOKEN_ALGORITHMS = ["HS256", "HS384", "HS512"]
_MAX_INDEX_UID_BYTES = 400


def expand_actions(actions: Iterable[str]) -> frozenset[str]:
    """The concrete actions a key's action list grants (wildcards expanded)."""
    granted: set[str] = set()
    for action in actions:
        if action == "*":
            granted |= _ALL - {"*.get"}
        elif action == "*.get":
            granted |= READ_ACTIONS
        else:
            granted.update(_GROUPS.get(action, (action,)))
    return frozenset(granted)


def pattern_matches(pattern: str, index_uid: str) -> bool:
    """``*`` matches everything, ``movies*`` every uid starting with ``movies``, else exact."""
    if pattern.endswith("*"):
        return index_uid.startswith(pattern[:-1])
    return pattern == index_uid


def is_valid_index_pattern(pattern: str) -> bool:
    """A valid index uid, optionally ending with ``*`` (or ``*`` alone)."""
    body = pattern[:-1] if pattern.endswith("*") else pattern
    if pattern == "*":
        return True
    return (
        0 < len(body.encode()) <= _MAX_INDEX_UID_BYTES
        and body.isascii()
        and all(c.isalnum() or c in "-_" for c in body)
    )


def _most_specific(patterns: Iterable[str], index_uid: str) -> str | None:
    """Of the patterns matching ``index_uid``: an exact one first, else the longest."""
    matching = [p for p in patterns if pattern_matches(p, index_uid)]
    if not matching:
        return None
    return max(matching, key=lambda p: (not p.endswith("*"), len(p)))


@dataclass(frozen=True)
class AuthContext:
    """What the request's credentials allow.

    ``actions`` are expanded (no wildcards); ``indexes`` are the key's index patterns;
    ``search_rules`` (tenant tokens only) maps index patterns to a rule object or ``None``.
    """

    actions: frozenset[str]
    indexes: tuple[str, ...] = ("*",)
    search_rules: dict[str, Any] | None = None
    key_uid: str | None = None
    unrestricted: bool = field(default=False)

    @classmethod
    def full_access(cls) -> AuthContext:
        """The master key, or any request when no master key is set."""
        return cls(actions=_ALL, indexes=("*",), unrestricted=True)

    @property
    def is_tenant_token(self) -> bool:
        return self.search_rules is not None

    def key_allows_index(self, index_uid: str) -> bool:
        return any(pattern_matches(p, index_uid) for p in self.indexes)

    def token_allows_index(self, index_uid: str) -> bool:
        return self.search_rules is None or _most_specific(self.search_rules, index_uid) is not None

    def allows_index(self, index_uid: str) -> bool:
        """Whether the key (and the tenant token's rules, if any) cover ``index_uid``."""
        return self.key_allows_index(index_uid) and self.token_allows_index(index_uid)

    def filter_index_uids(self, uids: Iterable[str]) -> list[str]:
        return [uid for uid in uids if self.allows_index(uid)]

    @property
    def all_indexes(self) -> bool:
        """True when no index filtering is needed at all."""
        return "*" in self.indexes and (self.search_rules is None or "*" in self.search_rules)

    def scope(self, index_uid: str) -> Scope:
        """What these credentials may read of ``index_uid`` (a tenant token's rule, if any)."""
        return Scope(self.search_filter(index_uid))

    def search_filter(self, index_uid: str) -> str | list[Any] | None:
        """The tenant token's filter for ``index_uid``, to AND with the request's own filter.

        When several rule patterns match, the most specific wins (an exact uid over a prefix,
        a longer prefix over a shorter one), as in Meilisearch.
        """
        if self.search_rules is None or not self.allows_index(index_uid):
            return None
        best = _most_specific(self.search_rules, index_uid)
        rule = self.search_rules.get(best) if best is not None else None
        if not isinstance(rule, dict):
            return None
        value = rule.get("filter")
        return value if isinstance(value, str | list) else None


class Authenticator:
    """Checks a request's ``Authorization`` header for an action on an (optional) index."""

    def __init__(self, store: Store, master_key: str | None) -> None:
        self.master_key = master_key or None
        self.keys = KeyStore(store, self.master_key)
        if self.master_key is not None:
            self.keys.ensure_default_keys()

    @property
    def enabled(self) -> bool:
        return self.master_key is not None

    def authenticate(
        self, authorization: str | None, action: Action | str, index_uid: str | None
    ) -> AuthContext:
        """The request's :class:`AuthContext`, or a 401/403 :class:`SoukError`.

        Raises ``ValueError`` for an action Meilisearch does not know (a programming error).
        """
        if action not in _ALL:
            raise ValueError(f"unknown action {action!r}")
        if self.master_key is None:
            if action in KEY_ACTIONS:
                raise missing_master_key()
            return AuthContext.full_access()
        token = _bearer_token(authorization)
        if hmac.compare_digest(token.encode(), self.master_key.encode()):
            return AuthContext.full_access()

        rules: dict[str, Any] | None = None
        key: ApiKey | None
        tenant = self._tenant_token(token) if action in TENANT_TOKEN_ACTIONS else None
        if tenant is not None:
            key_uid, rules = tenant
            key = self.keys.get(key_uid)
        else:
            key = self.keys.get_by_key(token)
        if key is None:
            raise invalid_api_key()

        granted = expand_actions(key.actions)
        ctx = AuthContext(
            actions=granted & TENANT_TOKEN_ACTIONS if rules is not None else granted,
            indexes=tuple(key.indexes),
            search_rules=rules,
            key_uid=key.uid,
        )
        if index_uid is not None:
            check_index(ctx, index_uid)
        if not _key_authorized(key, granted, action, index_uid):
            raise invalid_api_key()
        return ctx

    def _tenant_token(self, token: str) -> tuple[str, dict[str, Any]] | None:
        """``(parent key uid, search rules)`` for a valid tenant token; ``None`` if not a JWT."""
        if token.count(".") != 2:
            return None
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise _undecodable(str(exc)) from None
        rules = _search_rules(claims)
        key_uid = _api_key_uid(claims)
        exp = claims.get("exp")
        if exp is not None and (isinstance(exp, bool) or not isinstance(exp, int)):
            raise _undecodable("JSON error: invalid type for `exp`, expected i64")
        assert self.master_key is not None
        try:
            jwt.decode(
                token,
                derive_key(self.master_key, key_uid),
                algorithms=_TOKEN_ALGORITHMS,
                options={
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "verify_aud": False,
                    "verify_iss": False,
                    "require": [],
                },
            )
        except jwt.InvalidSignatureError:
            raise _undecodable("InvalidSignature") from None
        except jwt.InvalidAlgorithmError:
            raise _undecodable("InvalidAlgorithm") from None
        except jwt.PyJWTError as exc:
            raise _undecodable(str(exc)) from None
        if exp is not None:
            now = int(time.time())
            if now > exp:
                raise SoukError(
                    f"Tenant token expired. Was valid up to `{exp}` and we're now `{now}`.",
                    "invalid_api_key",
                )
        return key_uid, rules


def _bearer_token(authorization: str | None) -> str:
    """The token of ``Bearer <token>``; any other scheme counts as a missing header."""
    if authorization is None:
        raise missing_authorization_header()
    scheme, separator, token = authorization.partition(" ")
    if scheme != "Bearer":
        raise missing_authorization_header()
    if not separator:
        raise invalid_api_key()
    return token


def _search_rules(claims: dict[str, Any]) -> dict[str, Any]:
    """``searchRules`` as ``{pattern: rule | None}`` (a list of patterns means no filters)."""
    if "searchRules" not in claims:
        raise _undecodable("JSON error: missing field `searchRules`")
    raw = claims["searchRules"]
    if isinstance(raw, list) and all(isinstance(p, str) for p in raw):
        return {pattern: None for pattern in raw}
    if isinstance(raw, dict) and all(v is None or isinstance(v, dict) for v in raw.values()):
        return dict(raw)
    raise _undecodable("JSON error: data did not match any variant of untagged enum SearchRules")


def _api_key_uid(claims: dict[str, Any]) -> str:
    if "apiKeyUid" not in claims:
        raise _undecodable("JSON error: missing field `apiKeyUid`")
    raw = claims["apiKeyUid"]
    try:
        return str(uuid.UUID(raw))
    except (TypeError, ValueError, AttributeError):
        raise _undecodable(f"JSON error: invalid `apiKeyUid` `{raw}`") from None


def check_index(ctx: AuthContext, index_uid: str) -> None:
    """Refuse (403) credentials that do not cover ``index_uid``, with Meilisearch's messages.

    :meth:`Authenticator.authenticate` applies it to a route's ``{uid}``; routes whose index
    comes from the body (chat's ``model``, multi-search's ``indexUid``...) call it themselves
    through :func:`souk.api.deps.check_index` once the key is checked. The token's own indexes
    are public in the message, the key's are not.
    """
    if not ctx.token_allows_index(index_uid):
        allowed = _debug_list(ctx.search_rules or {})
        raise _index_forbidden(
            f"The provided tenant token cannot acces the index `{index_uid}`, allowed indexes "
            f"are {allowed}."
        )
    if not ctx.key_allows_index(index_uid):
        if ctx.is_tenant_token:
            raise _index_forbidden(
                f"The API key used to generate this tenant token cannot acces the index "
                f"`{index_uid}`."
            )
        raise _index_forbidden(
            f"The API key cannot acces the index `{index_uid}`, authorized indexes are "
            f"{_debug_list(ctx.indexes)}."
        )


def _key_authorized(
    key: ApiKey, granted: frozenset[str], action: str, index_uid: str | None
) -> bool:
    if action not in granted:
        return False
    if "*" in key.indexes:
        allowed = True
    elif index_uid is not None:
        allowed = any(pattern_matches(p, index_uid) for p in key.indexes)
    else:
        allowed = action in ROUTE_CHECKS_INDEX and bool(key.indexes)
    return allowed and not key.expired()


def _debug_list(values: Iterable[str]) -> str:
    """Rust's ``{:?}`` of a sorted ``Vec<String>``, which Meilisearch puts in its messages."""
    return "[" + ", ".join(f'"{v}"' for v in sorted(set(values))) + "]"


def _index_forbidden(message: str) -> SoukError:
    return SoukError(message, "invalid_api_key")


def _undecodable(reason: str) -> SoukError:
    return SoukError(
        f"Could not decode tenant token, {reason}.",
        "invalid_api_key",
    )


def missing_authorization_header() -> SoukError:
    return SoukError(
        "The Authorization header is missing. It must use the bearer authorization method.",
        "missing_authorization_header",
    )


def invalid_api_key() -> SoukError:
    return SoukError("The provided API key is invalid.", "invalid_api_key")


def missing_master_key() -> SoukError:
    return SoukError(
        "Meilisearch is running without a master key. To access this API endpoint, you must have "
        "set a master key at launch.",
        "missing_master_key",
    )
