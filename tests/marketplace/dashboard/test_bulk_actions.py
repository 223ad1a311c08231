"""Oscar's bulk actions ("make non-public", "set price") write with QuerySet.update(); the search
(results, suggestions, facet counts) must follow them at once."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def bulk(client, action, products, **form):
    response = client.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": action, "selected_product": [p.pk for p in products]},
    )
    assert response.status_code == 302
    confirm_url = response["Location"]
    assert "bulk-action" in confirm_url
    response = client.post(confirm_url, {"selected_products": [p.pk for p in products], **form})
    assert response.status_code == 302


def suggested(client, q):
    return [r["title"] for r in client.get(reverse("search:suggest"), {"q": q}).json()["results"]]


def searched(client, **params):
    response = client.get(reverse("search:search"), params)
    return response.context["result"]


@pytest.mark.parametrize("who", ["user_a", "staff"])
def test_a_product_made_non_public_leaves_search_and_suggestions_at_once(client, two_producers, home_page, who):
    t = two_producers
    assert "Mật ong hoa vải Lục Nam" in suggested(client, "mat ong hoa")
    assert t.product_a in searched(client, q="mat ong hoa vai").products
    everything = searched(client).total

    client.force_login(getattr(t, who))
    bulk(client, "make_products_non_public", [t.product_a])
    t.product_a.refresh_from_db()
    assert not t.product_a.is_public
    client.logout()

    assert "Mật ong hoa vải Lục Nam" not in suggested(client, "mat ong hoa")
    assert t.product_a not in searched(client, q="mat ong hoa vai").products
    assert searched(client).total == everything - 1  # the counts follow too
    assert "Mật ong hoa vải Lục Nam" not in client.get(reverse("search:search"), {"q": "mat ong"}).content.decode()


def test_a_product_made_public_again_comes_back(client, two_producers, home_page):
    t = two_producers
    client.force_login(t.user_a)
    bulk(client, "make_products_non_public", [t.product_a])
    bulk(client, "make_products_public", [t.product_a])
    assert "Mật ong hoa vải Lục Nam" in suggested(client, "mat ong hoa")


def test_a_bulk_price_change_moves_the_product_between_price_ranges(client, two_producers, home_page):
    t = two_producers
    assert [p.pk for p in searched(client, price="0-100000").products] == []
    client.force_login(t.user_a)
    bulk(client, "set_product_price", [t.product_a], new_price="50000", partners=[t.a.pk])
    assert t.product_a.stockrecords.get().price == 50000
    assert [p.pk for p in searched(client, price="0-100000").products] == [t.product_a.pk]
