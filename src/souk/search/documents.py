"""Documents by id, as a caller limited to a :class:`Scope` may see them."""

from __future__ import annotations

from collections.abc import Sequence

import tantivy

from souk.retrieval.layout import IID_FIELD
from souk.runtime.index_runtime import IndexRuntime
from souk.search.scope import Scope
from souk.store.store import StoredDocument


def visible_documents(
    runtime: IndexRuntime, ids: Sequence[str], scope: Scope
) -> dict[str, StoredDocument]:
    """The documents among ``ids`` that exist and that ``scope`` lets the caller see.

    The scope's filter is checked by the same compiled query a search uses, so a document is
    readable by id exactly when a search in that scope could return it.
    """
    found = runtime.store.get_documents(runtime.uid, list(ids))
    if scope.unrestricted or not found:
        return found
    flt = runtime.compile_filter(scope.filter)
    if flt is None:
        return found
    by_iid = {doc.iid: doc_id for doc_id, doc in found.items()}
    candidates = tantivy.Query.term_set_query(runtime.lexical.schema, IID_FIELD, list(by_iid))
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, candidates), (tantivy.Occur.Must, flt)]
    )
    allowed = {by_iid[iid] for iid in runtime.lexical.all_iids(query) if iid in by_iid}
    return {doc_id: doc for doc_id, doc in found.items() if doc_id in allowed}
