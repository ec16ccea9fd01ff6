"""The one ``MetaData`` every domain's tables register in."""

from __future__ import annotations

from sqlalchemy import MetaData

metadata = MetaData()
