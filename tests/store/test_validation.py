"""Primary keys and document ids, with errors that point at the record."""

from __future__ import annotations

import pytest

from souk.errors import SoukError
from souk.store.validation import attribute_paths, document_id, infer_primary_key


def test_infer_primary_key() -> None:
    assert infer_primary_key([{"id": 1, "sku_id": 2}]) == "id"
    assert infer_primary_key([{"sku_id": 1, "title": "x"}]) == "sku_id"
    with pytest.raises(SoukError) as error:
        infer_primary_key([{"sku_id": 1, "productId": 2}])
    assert error.value.code == "index_primary_key_multiple_candidates_found"
    with pytest.raises(SoukError) as error:
        infer_primary_key([{"title": "x"}])
    assert error.value.code == "index_primary_key_no_candidate_found"


def test_document_ids() -> None:
    assert document_id({"id": 7}, "id") == "7"
    assert document_id({"sku": {"id": "a-1_B"}}, "sku.id") == "a-1_B"
    with pytest.raises(SoukError) as error:
        document_id({"id": "has space"}, "id", source="p.csv", location=4, kind="line")
    assert error.value.code == "invalid_document_id"
    assert error.value.message.startswith("p.csv line 4: field `id`")
    with pytest.raises(SoukError) as error:
        document_id({"title": "x"}, "id", source="p.json", location=2)
    assert error.value.code == "missing_document_id"
    assert "p.json record 2" in error.value.message
    for bad in (True, 1.5, None, "x" * 512):
        with pytest.raises(SoukError):
            document_id({"id": bad}, "id")


def test_attribute_paths_include_nested_but_not_vectors() -> None:
    doc = {"id": 1, "category": {"lvl0": "a", "lvl1": {"x": 1}}, "_vectors": {"d": [1]}}
    assert attribute_paths(doc) == [
        "id",
        "category",
        "category.lvl0",
        "category.lvl1",
        "category.lvl1.x",
    ]
