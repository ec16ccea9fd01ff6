"""`souk bench`: speed and scale of souk against the raw engine underneath and a real peer.

Absolute times on a shared machine are noise; the figures that matter are ratios measured in
the same run: souk / tantivy in-process (our overhead) and souk / Typesense (a peer).
"""
