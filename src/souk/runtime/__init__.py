"""Derived indexes kept open per index: the runtime registry, catch-up from the store, checkpoints."""
