"""Learned re-ranking of the first retrieved candidates (query–document match features + a GBDT)."""
