"""Documents through the SDK: JSON/NDJSON/CSV ingest, reads with fields and filters, updates,
and every kind of deletion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import meilisearch
import pytest
from meilisearch.errors import MeilisearchApiError
from meilisearch.index import Index

from tests.compat.conftest import PRODUCT_SETTINGS, PRODUCTS, MakeIndex, WaitOk

pytestmark = pytest.mark.compat


def _ids(index: Index, **params: Any) -> list[Any]:
    return [doc.id for doc in index.get_documents({"limit": 100, **params}).results]


def test_add_documents_json_reports_counts_and_infers_primary_key(
    client: meilisearch.Client, wait_ok: WaitOk, new_uid: Callable[[], str]
) -> None:
    index = client.index(new_uid())
    info = index.add_documents([dict(doc) for doc in PRODUCTS])
    assert info.status == "enqueued"
    assert info.type == "documentAdditionOrUpdate"
    assert info.index_uid == index.uid
    task = wait_ok(info)
    assert task.details is not None
    assert task.details["receivedDocuments"] == len(PRODUCTS)
    assert task.details["indexedDocuments"] == len(PRODUCTS)
    assert client.get_index(index.uid).primary_key == "id"
    stats = index.get_stats()
    assert stats.number_of_documents == len(PRODUCTS)
    assert stats.field_distribution.title == len(PRODUCTS)


def test_add_documents_with_explicit_primary_key(
    client: meilisearch.Client, wait_ok: WaitOk, new_uid: Callable[[], str]
) -> None:
    index = client.index(new_uid())
    docs = [{"sku": "a-1", "id": 9, "name": "first"}, {"sku": "a-2", "id": 9, "name": "second"}]
    wait_ok(index.add_documents(docs, primary_key="sku"))
    assert index.get_primary_key() == "sku"
    assert index.get_document("a-2").name == "second"
    assert index.get_documents().total == 2


def test_add_documents_ndjson(
    client: meilisearch.Client, wait_ok: WaitOk, new_uid: Callable[[], str]
) -> None:
    index = client.index(new_uid())
    body = b'{"id": 1, "title": "Alpha", "price": 3.5}\n{"id": 2, "title": "Beta"}\n'
    task = wait_ok(index.add_documents_ndjson(body, primary_key="id"))
    assert task.details is not None and task.details["receivedDocuments"] == 2
    doc = index.get_document(1)
    assert doc.title == "Alpha"
    assert doc.price == 3.5
    assert index.get_documents().total == 2


def test_add_documents_csv_keeps_strings_unless_typed(
    client: meilisearch.Client, wait_ok: WaitOk, new_uid: Callable[[], str]
) -> None:
    index = client.index(new_uid())
    body = b"id,title,price:number,stock\n1,Alpha,10.5,7\n2,Beta,3,0\n"
    wait_ok(index.add_documents_csv(body, primary_key="id"))
    # Meilisearch CSV columns are strings unless the header says `:number`.
    doc = dict(index.get_document("1"))
    assert doc == {"id": "1", "title": "Alpha", "price": 10.5, "stock": "7"}
    assert index.get_document("2").price == 3


def test_add_documents_csv_custom_delimiter(
    client: meilisearch.Client, wait_ok: WaitOk, new_uid: Callable[[], str]
) -> None:
    index = client.index(new_uid())
    body = b"id;title\n1;Alpha, with comma\n"
    wait_ok(index.add_documents_csv(body, primary_key="id", csv_delimiter=";"))
    assert index.get_document("1").title == "Alpha, with comma"


def test_get_document_with_fields(products_index: Index) -> None:
    doc = products_index.get_document(6, {"fields": ["title", "price"]})
    assert dict(doc) == {"title": "Leather Jacket", "price": 250}
    full = dict(products_index.get_document(6))
    assert full == next(p for p in PRODUCTS if p["id"] == 6)


def test_get_documents_pages_cover_every_document(
    products_index: Index,
) -> None:
    seen: list[Any] = []
    for offset in range(0, len(PRODUCTS), 5):
        page = products_index.get_documents({"offset": offset, "limit": 5})
        assert page.offset == offset
        assert page.limit == 5
        assert page.total == len(PRODUCTS)
        seen.extend(doc.id for doc in page.results)
    assert sorted(seen) == sorted(p["id"] for p in PRODUCTS)


def test_get_documents_with_filter_and_fields(products_index: Index) -> None:
    page = products_index.get_documents(
        {"filter": "color = red AND price > 50", "fields": ["id", "color"], "limit": 20}
    )
    expected = {p["id"] for p in PRODUCTS if p["color"] == "red" and p["price"] > 50}
    assert {doc.id for doc in page.results} == expected
    assert page.total == len(expected)
    for doc in page.results:
        assert set(dict(doc)) == {"id", "color"}


def test_get_documents_filter_on_non_filterable_attribute_is_rejected(
    products_index: Index,
) -> None:
    with pytest.raises(MeilisearchApiError) as err:
        products_index.get_documents({"filter": "title = Shoe"})
    assert err.value.status_code == 400
    assert err.value.code == "invalid_document_filter"


def test_update_documents_merges_and_add_documents_replaces(
    make_index: MakeIndex, wait_ok: WaitOk
) -> None:
    index = make_index()
    task = wait_ok(index.update_documents([{"id": 2, "price": 75, "onSale": True}]))
    assert task.type == "documentAdditionOrUpdate"
    merged = dict(index.get_document(2))
    assert merged["price"] == 75
    assert merged["onSale"] is True
    assert merged["title"] == "Running Shoe"
    wait_ok(index.add_documents([{"id": 2, "title": "Replaced"}]))
    assert dict(index.get_document(2)) == {"id": 2, "title": "Replaced"}
    assert index.get_documents().total == len(PRODUCTS)


def test_update_documents_ndjson_and_csv(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index([{"id": "1", "title": "Alpha", "stock": "1"}])
    # The SDK annotates these bodies as str, but it JSON-encodes a str body; bytes go out raw.
    wait_ok(index.update_documents_ndjson(b'{"id": "1", "color": "red"}\n'))  # type: ignore[arg-type]
    wait_ok(index.update_documents_csv(b"id,stock\n1,9\n"))  # type: ignore[arg-type]
    assert dict(index.get_document("1")) == {
        "id": "1",
        "title": "Alpha",
        "stock": "9",
        "color": "red",
    }


def test_delete_one_document(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index()
    task = wait_ok(index.delete_document(3))
    assert task.type == "documentDeletion"
    assert task.details is not None and task.details["deletedDocuments"] == 1
    with pytest.raises(MeilisearchApiError) as err:
        index.get_document(3)
    assert err.value.status_code == 404
    assert err.value.code == "document_not_found"
    assert index.get_documents().total == len(PRODUCTS) - 1


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_delete_documents_batch(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index()
    task = wait_ok(index.delete_documents([1, 2, 999]))
    assert task.type == "documentDeletion"
    assert task.details is not None
    assert task.details["providedIds"] == 3
    assert task.details["deletedDocuments"] == 2
    assert sorted(_ids(index)) == [p["id"] for p in PRODUCTS if p["id"] not in (1, 2)]


def test_delete_documents_by_filter(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index(settings=PRODUCT_SETTINGS)
    task = wait_ok(index.delete_documents(filter="brand = Acme OR price > 200"))
    assert task.type == "documentDeletion"
    assert task.details is not None
    assert task.details["originalFilter"] == '"brand = Acme OR price > 200"'
    kept = [p["id"] for p in PRODUCTS if not (p["brand"] == "Acme" or p["price"] > 200)]
    assert task.details["deletedDocuments"] == len(PRODUCTS) - len(kept)
    assert sorted(_ids(index)) == kept


def test_delete_documents_by_filter_needs_filterable_attribute(
    make_index: MakeIndex, client: meilisearch.Client
) -> None:
    index = make_index()
    info = index.delete_documents(filter="brand = Acme")
    task = client.wait_for_task(info.task_uid)
    assert task.status == "failed"
    assert task.error is not None and task.error["code"] == "invalid_document_filter"
    assert index.get_documents().total == len(PRODUCTS)


def test_delete_all_documents(make_index: MakeIndex, wait_ok: WaitOk) -> None:
    index = make_index()
    task = wait_ok(index.delete_all_documents())
    assert task.type == "documentDeletion"
    assert task.details is not None and task.details["deletedDocuments"] == len(PRODUCTS)
    assert index.get_documents().total == 0
    assert index.search("")["hits"] == []
    assert index.get_primary_key() == "id"


def test_documents_without_primary_key_candidate_fail_the_task(
    client: meilisearch.Client, new_uid: Callable[[], str]
) -> None:
    index = client.index(new_uid())
    info = index.add_documents([{"name": "no identifier here"}])
    task = client.wait_for_task(info.task_uid)
    assert task.status == "failed"
    assert task.error is not None
    assert task.error["code"] == "index_primary_key_no_candidate_found"


def test_invalid_document_id_fails_the_task(
    make_index: MakeIndex, client: meilisearch.Client
) -> None:
    index = make_index([{"id": 1}])
    info = index.add_documents([{"id": "not valid!"}])
    task = client.wait_for_task(info.task_uid)
    assert task.status == "failed"
    assert task.error is not None and task.error["code"] == "invalid_document_id"
    assert index.get_documents().total == 1
