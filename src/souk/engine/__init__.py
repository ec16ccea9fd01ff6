"""The facade: :class:`Engine` opens indexes, enqueues tasks and is the one scoped entry point
for every read of documents."""

from souk.engine.engine import Engine

__all__ = ["Engine"]
