"""The recommendation models; each implements :class:`souk.recommend.base.Recommender`."""

from souk.recommend.models.collaborative import Collaborative
from souk.recommend.models.content import ContentSimilarity
from souk.recommend.models.cooccurrence import CoOccurrence
from souk.recommend.models.popularity import Popularity
from souk.recommend.models.transitions import Transitions

__all__ = ["CoOccurrence", "Collaborative", "ContentSimilarity", "Popularity", "Transitions"]
