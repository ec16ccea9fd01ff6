"""``python -m souk.cli``."""

from souk.cli import app

app()
