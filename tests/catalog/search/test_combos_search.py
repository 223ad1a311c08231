"""Gift combos in search, on every backend: found by what is in them, chosen with the "Gift
combos" facet, rated by their fewest stars, and gone the moment a part is delisted."""

import pytest

from catalog.certification.models import Status
from catalog.search.service import SearchRequest, search
from tests.factories import certify, make_combo

pytestmark = pytest.mark.django_db


def index(search_backend, *combos):
    from catalog.search.index import index_products

    index_products([combo.pk for combo in combos])
    if search_backend == "elasticsearch":
        from catalog.search.backends import es

        es.rebuild()


def titles(**kwargs):
    return [p.title for p in search(SearchRequest(**kwargs)).products]


def test_a_combo_is_found_by_its_parts_and_through_its_facet(shop, search_backend):
    combo = make_combo([shop["honey"], (shop["coffee"], 2)], price=390000, title="Hộp quà Tết")
    index(search_backend, combo)
    assert "Hộp quà Tết" in titles(q="ca phe rang")  # a part's name finds the combo
    assert titles(filters={"combo": ["1"]}) == ["Hộp quà Tết"]
    assert "Hộp quà Tết" not in titles(filters={"combo": ["0"]})
    result = search(SearchRequest())
    assert {v.value: v.count for v in result.facets["combo"]} == {"1": 1, "0": 7}
    assert [v.label for v in result.facets["combo"]] == ["Hộp quà OCOP", "Sản phẩm đơn lẻ"]
    # Its stars are its parts' fewest (the coffee's 3): not among 4-star products.
    assert "Hộp quà Tết" in titles(filters={"stars": ["3"]}) and "Hộp quà Tết" not in titles(filters={"stars": ["4"]})


def test_a_revoked_part_takes_the_combo_out_of_search(shop, search_backend):
    combo = make_combo([shop["honey"], shop["tea"]], price=300000, title="Hộp quà Tết")
    index(search_backend, combo)
    assert titles(filters={"combo": ["1"]}) == ["Hộp quà Tết"]
    certify(shop["tea"], status=Status.REVOKED)  # the certificate's save re-indexes the tea and its combos
    if search_backend == "elasticsearch":
        from catalog.search.backends import es

        es.rebuild()
    assert titles(filters={"combo": ["1"]}) == []
    assert "Hộp quà Tết" not in titles(q="hop qua")
