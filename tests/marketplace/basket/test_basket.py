"""A product delisted while it sits in a basket is flagged there and cannot be bought."""

import pytest
from django.urls import reverse

from catalog.certification.models import Status
from tests.factories import ProductFactory, certify

pytestmark = pytest.mark.django_db


def test_delisted_product_in_basket_is_flagged_and_blocks_checkout(client, home_page):
    product = ProductFactory(title="Mật ong bạc hà", price=250000)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 2

    certify(product, stars=4, status=Status.REVOKED, status_reason="vi phạm an toàn thực phẩm")

    html = client.get(reverse("basket:summary")).content.decode()
    assert "Mật ong bạc hà" in html
    assert "vi phạm an toàn thực phẩm" in html  # the line says why
    response = client.get(reverse("checkout:index"), follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("basket:summary")


def test_listed_product_goes_to_checkout(client, home_page):
    product = ProductFactory(price=120000)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    response = client.get(reverse("checkout:index"))
    assert response.status_code in (200, 302)
    assert response.get("Location", "") != reverse("basket:summary")
