"""How deep and how big a decoded JSON value is, measured without recursion.

A value nested a thousand levels deep breaks recursive code further on (serialisers, the
flattening of documents, error messages) with ``RecursionError`` or ``TypeError``; a single
huge document costs memory in every index. Both are measured here once, on input, with an
explicit stack, and refused with a message that names the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

_SCALAR_BYTES = 8  # a number, a boolean or null, counted roughly as its JSON text


@dataclass(frozen=True, slots=True)
class ShapeLimits:
    """The largest value accepted: ``max_depth`` levels of objects/arrays, ``max_bytes`` of
    text and numbers (roughly the size of its JSON), ``None`` for no size limit."""

    max_depth: int = 32
    max_bytes: int | None = 1024 * 1024


def shape_problem(value: object, limits: ShapeLimits) -> str | None:
    """Why ``value`` is too deep or too big for ``limits``, or ``None`` when it fits.

    The top-level object or array is level 1. The walk stops at the first limit exceeded, so
    a hostile value costs at most the limits, never its whole size.
    """
    size = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth > limits.max_depth:
                return _too_deep(limits.max_depth)
            for key, child in item.items():
                size += len(key) + 4
                stack.append((child, depth + 1))
        elif isinstance(item, list | tuple):
            if depth > limits.max_depth:
                return _too_deep(limits.max_depth)
            size += 2
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            size += len(item) + 2
        else:
            size += _SCALAR_BYTES
        if limits.max_bytes is not None and size > limits.max_bytes:
            return (
                f"larger than the limit of {limits.max_bytes:,} bytes "
                "(setting SOUK_MAX_DOCUMENT_BYTES)"
            )
    return None


def _too_deep(limit: int) -> str:
    return f"nested deeper than the limit of {limit} levels (setting SOUK_MAX_NESTING_DEPTH)"
