"""The ``souk`` command line."""

from souk.cli.main import app

__all__ = ["app"]
