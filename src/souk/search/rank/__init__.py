"""Ranking: the order of a retrieval's candidates, from relevance to the final list.

:class:`~souk.search.rank.stage.RankingStage` runs, in this order: the relevance order (the
vector order, the keyword order, reciprocal-rank fusion or the learned model), the click
signal, merchandising rules, and the ``rankingScoreThreshold`` cut.
"""
