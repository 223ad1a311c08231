"""Every dashboard URL a producer reaches, replayed with the other producer's ids: 404 or 403,
never the data. Staff reach everything."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")


def product_urls(pk):
    return [
        reverse("dashboard:catalogue-product", kwargs={"pk": pk}),
        reverse("dashboard:catalogue-product-delete", kwargs={"pk": pk}),
    ]


def order_urls(order):
    line = order.lines.first()
    return [
        reverse("dashboard:order-list"),
        reverse("dashboard:order-stats"),
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        reverse("dashboard:order-line-detail", kwargs={"number": order.number, "line_id": line.pk}),
    ]


def test_a_producer_reaches_none_of_the_other_producers_products(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    for url in product_urls(t.product_b.pk):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "Chè của A", "description": "x"}).status_code == 404, url
    t.product_b.refresh_from_db()
    assert t.product_b.title == "Chè búp Tân Cương"
    assert Product.objects.filter(pk=t.product_b.pk).exists()

    listing = client.get(reverse("dashboard:catalogue-product-list")).content.decode()
    assert "Chè búp Tân Cương" not in listing
    searched = client.get(reverse("dashboard:catalogue-product-list"), {"title": "Chè"}).content.decode()
    assert "Chè búp Tân Cương" not in searched


def test_a_producer_reaches_its_own_products_with_or_without_stock(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    listing = client.get(reverse("dashboard:catalogue-product-list")).content.decode()
    assert "Mật ong hoa vải Lục Nam" in listing
    assert "Mật ong bạc hà Lục Nam" in listing  # no stock record: Oscar's own scoping hides it
    for product in (t.product_a, t.bare_a):
        assert client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})).status_code == 200


def test_the_product_lookup_offers_a_producer_only_its_own_products(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    lookup = reverse("dashboard:catalogue-product-lookup")
    everything = client.get(lookup, {"q": ""}).json()["results"]
    assert sorted(r["id"] for r in everything) == sorted([t.product_a.pk, t.bare_a.pk])
    assert client.get(lookup, {"q": "Chè"}).json()["results"] == []
    assert client.get(lookup, {"initial": str(t.product_b.pk)}).json()["results"] == []


def test_a_forged_bulk_action_leaves_the_other_producers_products_alone(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    list_url = reverse("dashboard:catalogue-product-list")
    client.post(list_url, {"action": "make_products_non_public", "selected_product": [t.product_b.pk]})
    # A real selection of A's own product, confirmed with B's id slipped in.
    response = client.post(list_url, {"action": "make_products_non_public", "selected_product": [t.bare_a.pk]})
    assert response.status_code == 302
    confirm_url = response["Location"]
    client.post(confirm_url, {"selected_products": [t.product_b.pk]})
    client.post(confirm_url, {"selected_products": [t.bare_a.pk, t.product_b.pk]})
    t.product_b.refresh_from_db()
    assert t.product_b.is_public


def test_producers_are_kept_out_of_the_orders_dashboard(client, two_producers, order):
    client.force_login(two_producers.user_a)
    shipping_address = reverse("dashboard:order-shipping-address", kwargs={"number": order.number})
    for url in [*order_urls(order), shipping_address]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Chè búp Tân Cương" not in response.content.decode()


def test_a_producer_cannot_move_the_other_producers_order_lines(client, two_producers, order):
    from marketplace.order import statuses
    from marketplace.payment.records import payment_source

    payment_source(order, "cod")
    statuses.refresh(order)
    theirs = order.lines.get(partner=two_producers.b)
    client.force_login(two_producers.user_a)
    for to in ("confirmed", "cancelled"):
        data = {"lines": theirs.pk, "to": to, "seen": "new", "reason": "Hủy hộ"}
        assert client.post(reverse("dashboard:order-line-move"), data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == statuses.NEW


def test_a_producer_cannot_create_products(client, two_producers):
    client.force_login(two_producers.user_a)
    url = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": "ship"})
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"title": "Sản phẩm tự tạo"}).status_code in (302, 403)
    assert not Product.objects.filter(title="Sản phẩm tự tạo").exists()


def test_the_dashboard_home_shows_a_producer_nothing_of_the_other(client, two_producers, order):
    client.force_login(two_producers.user_a)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chè búp Tân Cương" not in html
    # The whole order's total (both producers' lines) is not shown to A.
    assert "370.000" not in html and "370,000" not in html


def test_staff_reach_every_product_and_order(client, two_producers, order):
    t = two_producers
    client.force_login(t.staff)
    for url in product_urls(t.product_b.pk) + order_urls(order):
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("dashboard:catalogue-product-list")).content.decode()
    assert "Chè búp Tân Cương" in listing and "Mật ong bạc hà Lục Nam" in listing
    lookup = client.get(reverse("dashboard:catalogue-product-lookup"), {"q": "Chè"}).json()["results"]
    assert [r["id"] for r in lookup] == [t.product_b.pk]


def test_a_producer_cannot_reach_the_other_producers_stock_through_its_own_product(client, two_producers):
    t = two_producers
    b_stock = t.product_b.stockrecords.get()
    client.force_login(t.user_a)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": t.bare_a.pk})
    form = client.get(url).context["stockrecord_formset"]
    assert [f.instance.pk for f in form.initial_forms] == []
    assert list(form.forms[0].fields["partner"].queryset) == [t.a]  # its own producer only
    forged = {
        "title": t.bare_a.title,
        "description": "",
        "stockrecords-TOTAL_FORMS": "1",
        "stockrecords-INITIAL_FORMS": "1",
        "stockrecords-0-id": str(b_stock.pk),
        "stockrecords-0-partner": str(t.b.pk),
        "stockrecords-0-partner_sku": "FORGED",
        "stockrecords-0-price_currency": "VND",
        "stockrecords-0-price": "1",
        "stockrecords-0-num_in_stock": "999",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "primary_recommendations-TOTAL_FORMS": "0",
        "primary_recommendations-INITIAL_FORMS": "0",
    }
    client.post(url, forged)
    client.post(url, {**forged, "stockrecords-INITIAL_FORMS": "0", "stockrecords-0-id": ""})
    b_stock.refresh_from_db()
    assert (b_stock.price, b_stock.num_in_stock, b_stock.partner_sku) != (1, 999, "FORGED")
    assert not t.bare_a.stockrecords.exists()


def test_the_product_list_offers_no_sort_it_cannot_do(client, two_producers):
    client.force_login(two_producers.user_a)
    html = client.get(reverse("dashboard:catalogue-product-list")).content.decode()
    assert "sort=checkbox" not in html
    assert client.get(reverse("dashboard:catalogue-product-list"), {"sort": "checkbox"}).status_code == 200
