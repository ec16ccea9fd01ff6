"""Rendering documents to the text that gets embedded."""

from __future__ import annotations

import pytest

from souk.retrieval.embedders import EmbedderError, check_template, render_template

DOC = {
    "id": 7,
    "title": "Linen shirt",
    "brand": {"name": "Acme", "country": "PT"},
    "tags": ["summer", "men", None],
    "price": 39.5,
    "in_stock": True,
    "variants": [{"color": "white"}, {"color": "blue"}, {"size": "M"}],
    "description": "  Light   and\nairy. ",
    "empty": "",
    "specs.weight": "200 g",
    "_vectors": {"default": [0.1, 0.2]},
}


def test_fields_and_nested_paths() -> None:
    template = "{{doc.title}} by {{ doc.brand.name }} ({{doc.brand.country}})"
    assert render_template(template, DOC, []) == "Linen shirt by Acme (PT)"


def test_lists_booleans_numbers_objects_and_missing() -> None:
    assert render_template("{{doc.tags}}", DOC, []) == "summer, men"
    assert render_template("{{doc.in_stock}}|{{doc.price}}", DOC, []) == "true|39.5"
    assert render_template("[{{doc.nothing}}][{{doc.brand.x}}]", DOC, []) == "[][]"
    assert render_template("{{doc.variants.color}}", DOC, []) == "white, blue"
    assert render_template("{{doc.tags.1}}/{{doc.tags.9}}", DOC, []) == "men/"
    assert render_template("{{doc.brand}}", DOC, []) == '{"name": "Acme", "country": "PT"}'
    assert render_template("{{doc.specs.weight}}", DOC, []) == "200 g"


def test_default_lists_given_fields_in_order() -> None:
    text = render_template(None, DOC, ["title", "brand.name", "missing", "empty", "description"])
    assert text == "title: Linen shirt\nbrand.name: Acme\ndescription: Light and airy."


def test_default_star_means_every_public_field() -> None:
    text = render_template(None, {"b": 1, "a": "x", "_geo": {"lat": 1}, "_vectors": [1]}, ["*"])
    assert text == "b: 1\na: x"


@pytest.mark.parametrize(
    "meilisearch_default",
    [
        "{% for field in fields %}{% if field.is_searchable and field.value != nil %}"
        "{{ field.name }}: {{ field.value }}\n{% endif %}{% endfor %}",
        "{% for field in fields %} {{ field.name }}: {{ field.value }}\n{% endfor %}",
    ],
)
def test_meilisearch_default_templates_mean_the_default(meilisearch_default: str) -> None:
    fields = ["title", "tags"]
    assert render_template(meilisearch_default, DOC, fields) == render_template(None, DOC, fields)


def test_truncation_keeps_words_whole() -> None:
    doc = {"title": "word " * 200}
    text = render_template(None, doc, ["title"])
    assert len(text) <= 400 and text.endswith("word")
    assert len(render_template("{{doc.title}}", doc, [], max_chars=None)) == 1000
    assert render_template("{{doc.title}}", {"title": "x" * 50}, [], max_chars=10) == "x" * 10


@pytest.mark.parametrize(
    "template",
    [
        "{{ doc.title | upcase }}",
        "{{ title }}",
        "{{ doc }}",
        "{% if doc.title %}yes{% endif %}",
        "{% for tag in doc.tags %}{{ tag }}{% endfor %}",
    ],
)
def test_unsupported_syntax_is_rejected(template: str) -> None:
    with pytest.raises(EmbedderError):
        check_template(template)
    with pytest.raises(EmbedderError):
        render_template(template, DOC, [])


def test_plain_text_template() -> None:
    assert render_template("just text", DOC, ["title"]) == "just text"
