"""The one scoped entry point: every read of an index's documents goes through here.

A :class:`ScopedIndex` is one index as one caller may see it. Search, multi-search, federated
search, facet search, similar documents, recommendations, product pages and the assistant's
tools all read through it, so a tenant token's filter applies everywhere by construction rather
than route by route.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from souk.config import Settings
from souk.errors import SoukError, index_not_found
from souk.recommend.base import RequestKind
from souk.recommend.service import RecommendationService
from souk.runtime.index_runtime import IndexRuntime
from souk.runtime.registry import RuntimeRegistry
from souk.search.documents import visible_documents
from souk.search.facet_search import facet_search
from souk.search.limits import SearchLimits
from souk.search.pipeline import ClickBoost, SearchPipeline
from souk.search.request import SearchRequest, parse_search_request
from souk.search.scope import Scope
from souk.search.similar import similar_documents
from souk.search.understand.vocabulary import IndexVocabulary, vocabulary_of
from souk.store.store import Store

#: recommendation kinds whose key is a product (which the caller must be able to see)
_PRODUCT_ANCHORED = (RequestKind.SIMILAR, RequestKind.BOUGHT_TOGETHER)


class ScopedIndex:
    """One index, limited to what ``scope`` lets a caller see. Cheap: make one per request.

    It never writes, and it never returns a document, a count or a facet value from outside
    its scope.
    """

    def __init__(
        self,
        uid: str,
        scope: Scope,
        *,
        store: Store,
        runtimes: RuntimeRegistry,
        recommendations: RecommendationService,
        config: Settings,
    ) -> None:
        self.uid = uid
        self.scope = scope
        self._store = store
        self._runtimes = runtimes
        self._recommendations = recommendations
        self._config = config

    @property
    def runtime(self) -> IndexRuntime:
        return self._runtimes.runtime(self.uid)

    @property
    def primary_key(self) -> str:
        record = self._store.get_index(self.uid)
        if record is None:
            raise index_not_found(self.uid)
        return record.primary_key or "id"

    def search(self, params: SearchRequest | Mapping[str, Any] | None = None) -> dict[str, Any]:
        request = (
            params if isinstance(params, SearchRequest) else parse_search_request(params or {})
        )
        clicks = None
        if self._config.click_weight > 0:
            lifts = self._recommendations.click_lifts
            clicks = ClickBoost(
                self._config.click_weight,
                lambda query, iids: lifts(self.uid, query, iids),
            )
        pipeline = SearchPipeline(
            self.runtime,
            ranker=self._config.ranker,
            clicks=clicks,
            scope=self.scope,
            limits=SearchLimits.of(self._config),
        )
        return pipeline.run(request)

    def facet_search(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return facet_search(
            self.runtime, body, scope=self.scope, limits=SearchLimits.of(self._config)
        )

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
        return self._recommendations.recommend(
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
        if self._store.get_index(self.uid) is None:
            raise index_not_found(self.uid)
        if self.scope.unrestricted:
            found = self._store.get_documents(self.uid, list(ids))
        else:
            found = visible_documents(self.runtime, ids, self.scope)
        return {doc_id: doc.body for doc_id, doc in found.items()}

    def vocabulary(self) -> IndexVocabulary:
        return vocabulary_of(self.runtime)
