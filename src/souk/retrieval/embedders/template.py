"""Turn a document into the text an embedder sees (Meilisearch's ``documentTemplate``).

Supported, a small subset of Liquid:

* ``{{ doc.field }}`` and ``{{ doc.a.b }}``: a nested value. Lists are joined with ``", "``, a
  list of objects yields the field of each (``doc.variants.color``), a number picks a list item
  (``doc.images.0``), ``true``/``false`` are written as in Liquid, objects as JSON, and a
  missing value renders as nothing.
* A template made of one ``{% for field in fields %} ... {% endfor %}`` loop (Meilisearch's own
  default, in any of its versions) means "the default rendering" below.

Anything else inside ``{% %}``, and filters (``{{ doc.x | upcase }}``), are rejected with an
EmbedderError when the template is checked, rather than silently rendered wrong.

**Default rendering** (no template): one ``name: value`` line per given field that the document
has a non-empty value for, in the order of ``fields`` (``"*"`` means all the document's fields
except those starting with ``_``), whitespace inside values collapsed.

Both are cut to ``max_chars`` (400 by default, like Meilisearch's ``documentTemplateMaxBytes``):
a short text embeds much faster, and the leading fields (usually title, brand, category) carry
most of a product's meaning anyway.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from souk.retrieval.embedders.base import EmbedderError

__all__ = ["DEFAULT_MAX_CHARS", "check_template", "render_template"]

DEFAULT_MAX_CHARS = 400

_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)
_DOC_PATH = re.compile(r"doc((?:\.[^.\s|{}%]+)+)")
_FIELDS_LOOP = re.compile(
    r"^\{%-?\s*for\s+field\s+in\s+fields\s*-?%\}.*\{%-?\s*endfor\s*-?%\}$", re.DOTALL
)
_MISSING = object()


class _Default:
    """Marker: the parsed template is the default field listing."""


_Part = str | tuple[str, ...] | type[_Default]


@functools.lru_cache(maxsize=256)
def _parse(template: str) -> tuple[_Part, ...]:
    """Split a template into literal strings and ``doc`` paths (tuples of segments)."""
    if _FIELDS_LOOP.match(template.strip()):
        return (_Default,)
    parts: list[_Part] = []
    position = 0
    for match in _TAG.finditer(template):
        if match.start() > position:
            parts.append(template[position : match.start()])
        position = match.end()
        if match.group(2) is not None:
            raise EmbedderError(
                f"unsupported documentTemplate tag {{%{match.group(2)}%}}: souk supports "
                "{{ doc.field }} and the default {% for field in fields %} loop only"
            )
        expression = match.group(1).strip()
        path = _DOC_PATH.fullmatch(expression)
        if path is None:
            raise EmbedderError(
                f"unsupported documentTemplate expression {{{{{match.group(1)}}}}}: "
                "use {{ doc.field }} or {{ doc.field.subfield }} (no filters)"
            )
        parts.append(tuple(path.group(1)[1:].split(".")))
    if position < len(template):
        parts.append(template[position:])
    return tuple(parts)


def check_template(template: str) -> None:
    """Raise EmbedderError if ``template`` uses syntax that souk cannot render."""
    _parse(template)


def _lookup(value: Any, segments: Sequence[str]) -> Any:
    """Follow a dotted path; dotted keys (``{"a.b": 1}``) and nested objects both work."""
    if not segments:
        return value
    if isinstance(value, Mapping):
        # Longest key first, so {"a.b": x} and {"a": {"b": x}} both answer "a.b".
        for size in range(len(segments), 0, -1):
            key = ".".join(segments[:size])
            if key in value:
                return _lookup(value[key], segments[size:])
        return _MISSING
    if isinstance(value, list | tuple):
        head = segments[0]
        if head.isdigit():
            index = int(head)
            return _lookup(value[index], segments[1:]) if index < len(value) else _MISSING
        found = [_lookup(item, segments) for item in value]
        found = [item for item in found if item is not _MISSING]
        return found if found else _MISSING
    return _MISSING


def _to_text(value: Any) -> str:
    if value is _MISSING or value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(text for text in (_to_text(item) for item in value) if text)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _truncate(text: str, max_chars: int | None) -> str:
    """Cut to ``max_chars``, backing up to a word boundary when one is close."""
    if max_chars is None or len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    if not text[max_chars].isspace():
        boundary = max(cut.rfind(" "), cut.rfind("\n"))
        if boundary >= max_chars * 4 // 5:
            cut = cut[:boundary]
    return cut.rstrip()


def _default_render(doc: Mapping[str, Any], fields: Sequence[str]) -> str:
    names: list[str] = []
    for field in fields:
        if field == "*":
            names.extend(key for key in doc if not key.startswith("_"))
        else:
            names.append(field)
    lines: list[str] = []
    seen: set[str] = set()
    for name in names:
        if name in seen or name == "_vectors":
            continue
        seen.add(name)
        text = " ".join(_to_text(_lookup(doc, name.split("."))).split())
        if text:
            lines.append(f"{name}: {text}")
    return "\n".join(lines)


def render_template(
    template: str | None,
    doc: Mapping[str, Any],
    fields: Sequence[str],
    *,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> str:
    """Render ``doc`` for embedding; ``fields`` feeds the default (see the module docstring)."""
    parts = (_Default,) if template is None else _parse(template)
    if parts == (_Default,):
        return _truncate(_default_render(doc, fields), max_chars)
    pieces: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, tuple):
            pieces.append(_to_text(_lookup(doc, part)))
    return _truncate("".join(pieces), max_chars)
