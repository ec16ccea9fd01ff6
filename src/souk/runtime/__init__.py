"""Derived indexes kept open per index.

The runtime registry opens an index's lexical and vector indexes, catches them up from the store
and moves their checkpoints; searches and the task worker both reach indexes through it.
"""
