"""souk: an open-source AI commerce engine (hybrid search, assistant, recommendations)."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
