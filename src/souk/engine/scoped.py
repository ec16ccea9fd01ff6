"""The one scoped entry point: every read of an index's documents goes through here.

A :class:`ScopedIndex` is one index as one caller may see it. Search, multi-search, federated
search, facet search, similar documents, recommendations, product pages and the assistant's
tools all read through it, so a tenant token's filter applies everywhere by construction rather
than route by route.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from souk.errors import SoukError
from souk.recommend.base import RequestKind
from souk.runtime.index_runtime import IndexRuntime
from souk.search.documents import visible_documents
from souk.search.facet_search import facet_search
from souk.search.pipeline import ClickBoost, SearchPipeline
from souk.search.request import SearchRequest, parse_search_request
from souk.search.scope import EVERYTHING, Scope
from souk.search.similar import similar_documents
from souk.search.understand.vocabulary import IndexVocabulary, vocabulary_of

if TYPE_CHECKING:
    from souk.engine.engine import Engine

#: recommendation kinds whose key is a product (which the caller must be able to see)
_PRODUCT_ANCHORED = (RequestKind.SIMILAR, RequestKind.BOUGHT_TOGETHER)


class ScopedIndex:
    """One index, limited to what ``scope`` lets a caller see. Cheap: make one per request.

    It never writes, and it never returns a document, a count or a facet value from outside
    its scope.
    """

    def __init__(self, engine: Engine, uid: str, scope: Scope = EVERYTHING) -> None:
        self._engine = engine
        self.uid = uid
        self.scope = scope

    @property
    def runtime(self) -> IndexRuntime:
        return self._engine.runtimes.runtime(self.uid)

    @property
    def primary_key(self) -> str:
        return self._engine.get_index(self.uid).primary_key or "id"

    def search(self, params: SearchRequest | Mapping[str, Any] | None = None) -> dict[str, Any]:
        request = (
            params if isinstance(params, SearchRequest) else parse_search_request(params or {})
        )
        engine = self._engine
        clicks = None
        if engine.config.click_weight > 0:
            lifts = engine.recommendations.click_lifts
            clicks = ClickBoost(
                engine.config.click_weight,
                lambda query, iids: lifts(self.uid, query, iids),
            )
        pipeline = SearchPipeline(
            self.runtime, ranker=engine.config.ranker, clicks=clicks, scope=self.scope
        )
        return pipeline.run(request)

    def facet_search(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return facet_search(self.runtime, body, scope=self.scope)

    def similar(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return similar_documents(self.runtime, body, scope=self.scope)

    def recommend(
        self,
        kind: RequestKind | str,
        key: str,
        *,
        limit: int = 10,
        filter_: Any = None,
        attributes: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        kind = RequestKind(kind)
        if kind in _PRODUCT_ANCHORED and not self.scope.unrestricted and not self.documents([key]):
            raise SoukError(f"Document `{key}` not found.", "document_not_found")
        return self._engine.recommendations.recommend(
            self.uid,
            kind,
            key,
            limit=limit,
            filter_=self.scope.narrow(filter_),
            attributes=attributes,
        )

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self.documents([doc_id]).get(doc_id)

    def documents(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The visible documents among ``ids``, by id."""
        self._engine.get_index(self.uid)  # 404 for an unknown index
        if self.scope.unrestricted:
            found = self._engine.store.get_documents(self.uid, list(ids))
        else:
            found = visible_documents(self.runtime, ids, self.scope)
        return {doc_id: doc.body for doc_id, doc in found.items()}

    def vocabulary(self) -> IndexVocabulary:
        return vocabulary_of(self.runtime)
