"""The access matrix of the producer area: every producer URL, requested by producer A with
producer B's ids — products, stock records, sales-point stock, order lines, photos, notices,
stories — answers 403 or 404 (or A's own empty view) and changes nothing of B's. A URL added to
the producer area without a row here fails :func:`test_every_producer_url_is_in_the_matrix`."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from oscar.core.loading import get_model
from PIL import Image

from marketplace.producers.models import ProducerNotice
from marketplace.producers.notices import notify
from tests.factories import SalesPointFactory, make_combo, stock_at

pytestmark = pytest.mark.django_db

ProductImage = get_model("catalogue", "ProductImage")
Product = get_model("catalogue", "Product")
REFUSED = {403, 404}
#: The URL names of the producer area this matrix covers (namespace: names).
COVERED = {
    "producers-dashboard": {
        "product-list",
        "product",
        "product-listing",
        "product-photo-add",
        "product-photo",
        "notices",
        "api-key",
        "combo-new",
        "combo",
    },
    "dashboard": {"order-lines", "order-line-move"},
}


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def b_things(two_producers, order, admin_units, settings, tmp_path):
    """What belongs to B: its product with a photo and stock at a point, its line of the shared
    order, a notice."""
    settings.MEDIA_ROOT = tmp_path
    t = two_producers
    image = ProductImage(product=t.product_b, display_order=0)
    image.original.save("b.jpg", jpeg(), save=False)
    image.save()
    point = SalesPointFactory()
    stock_at(point, t.product_a, 2)  # A supplies the same point
    b_point_stock = stock_at(point, t.product_b, 7)
    notice = notify(t.b, ProducerNotice.Kind.LOW_STOCK, "b", {"product": t.product_b.title, "available": 1})
    t.combo_b = make_combo([t.product_b], producer=t.b, title="Hộp quà của B")
    b_line = order.lines.get(partner=t.b)
    type(order).objects.filter(pk=order.pk).update(status="placed")  # cash on delivery: to prepare
    return t, image, b_point_stock, notice, b_line, order


def snapshot(t, image, point_stock, notice, line):
    t.product_b.refresh_from_db()
    record = t.product_b.stockrecords.get()
    point_stock.refresh_from_db()
    notice.refresh_from_db()
    line.refresh_from_db()
    return (
        t.product_b.title,
        t.product_b.description,
        t.product_b.is_public,
        t.product_b.weight_grams,
        (record.price, record.num_in_stock),
        ProductImage.objects.filter(pk=image.pk).values_list("display_order", flat=True).first(),
        point_stock.num_in_stock,
        notice.read_at,
        line.status,
        line.shipments.count(),
    )


def test_producer_a_reaches_nothing_of_producer_b(client, b_things):
    t, image, point_stock, notice, b_line, order = b_things
    before = snapshot(t, image, point_stock, notice, b_line)
    client.force_login(t.user_a)
    product = reverse("producers-dashboard:product", kwargs={"pk": t.product_b.pk})
    gets = [product]
    posts = [
        (product, {"description": "x", "price": "1", "num_in_stock": "0", "weight_grams": "1"}),
        (product, {"save_points": "1", f"point_{point_stock.pk}": "0"}),
        (reverse("producers-dashboard:product-listing", kwargs={"pk": t.product_b.pk}), {"action": "withdraw"}),
        (reverse("producers-dashboard:product-photo-add", kwargs={"pk": t.product_b.pk}), {"photo": jpeg()}),
        (reverse("producers-dashboard:product-photo", kwargs={"image": image.pk}), {"action": "delete"}),
        (reverse("producers-dashboard:product-photo", kwargs={"image": image.pk}), {"action": "main"}),
        (reverse("dashboard:order-line-move"), {"lines": [b_line.pk], "to": "confirmed", "seen": "new"}),
        (reverse("dashboard:order-line-move"), {"lines": [b_line.pk], "to": "cancelled", "seen": "new", "reason": "x"}),
    ]
    for url in gets:
        assert client.get(url).status_code in REFUSED, url
    for url, data in posts:
        assert client.post(url, data).status_code in REFUSED, (url, data)
    # A's own views never list B's things, whatever the filter.
    own_views = [
        (reverse("producers-dashboard:product-list"), {"q": "Chè"}),
        (reverse("producers-dashboard:product-list"), {"q": t.product_b.product_code or "x", "state": "listed"}),
        (reverse("producers-dashboard:notices"), {}),
        (reverse("dashboard:order-lines"), {"order": order.number}),
        (reverse("dashboard:index"), {}),
    ]
    for url, params in own_views:
        html = client.get(url, params).content.decode()
        assert t.product_b.title not in html, url
    assert t.product_a.title in client.get(reverse("dashboard:order-lines"), {"order": order.number}).content.decode()
    # A's own product page lists only A's stock at the shared point; a forged row of B's is ignored.
    mine = reverse("producers-dashboard:product", kwargs={"pk": t.product_a.pk})
    client.post(mine, {"save_points": "1", f"point_{point_stock.pk}": "0"})
    client.post(reverse("producers-dashboard:notices"))  # "mark all read": A's only
    assert snapshot(t, image, point_stock, notice, b_line) == before
    # A's combo page never opens B's combo, nor changes it; a code of B's product is refused in A's.
    combo = reverse("producers-dashboard:combo", kwargs={"pk": t.combo_b.pk})
    parts = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-quantity": "1"}
    assert client.get(combo).status_code in REFUSED
    assert client.post(combo, {"title": "x", **parts, "form-0-code": t.product_a.product_code}).status_code in REFUSED
    new = client.post(
        reverse("producers-dashboard:combo-new"), {"title": "x", **parts, "form-0-code": t.product_b.product_code}
    )
    assert (
        new.status_code == 400
        and not Product.objects.filter(combo_parts__product=t.product_b).exclude(pk=t.combo_b.pk).exists()
    )
    assert [(p.product_id, p.quantity) for p in t.combo_b.combo_parts.all()] == [(t.product_b.pk, 1)]
    t.combo_b.refresh_from_db()
    assert t.combo_b.title == "Hộp quà của B"
    # The API key page reaches only the signed-in user's own key: B's keeps working.
    from rest_framework.authtoken.models import Token

    b_key = Token.objects.create(user=t.user_b).key
    for action in ("make", "replace", "delete"):
        client.post(reverse("producers-dashboard:api-key"), {"action": action, "user": t.user_b.pk})
    assert Token.objects.get(user=t.user_b).key == b_key
    assert b_key not in client.get(reverse("producers-dashboard:api-key")).content.decode()


def test_staff_reach_every_producers_things(client, b_things):
    t, image, point_stock, notice, b_line, order = b_things
    client.force_login(t.staff)
    assert client.get(reverse("producers-dashboard:product", kwargs={"pk": t.product_b.pk})).status_code == 200
    assert client.get(reverse("producers-dashboard:combo", kwargs={"pk": t.combo_b.pk})).status_code == 200
    assert t.product_b.title in client.get(reverse("producers-dashboard:product-list")).content.decode()
    assert t.product_b.title in client.get(reverse("producers-dashboard:notices")).content.decode()
    assert t.product_b.title in client.get(reverse("dashboard:order-lines")).content.decode()


def test_customers_and_visitors_reach_no_producer_url(client, b_things, django_user_model):
    t, image, point_stock, notice, b_line, order = b_things
    urls = [
        reverse("producers-dashboard:product-list"),
        reverse("producers-dashboard:product", kwargs={"pk": t.product_b.pk}),
        reverse("producers-dashboard:notices"),
        reverse("producers-dashboard:combo-new"),
        reverse("producers-dashboard:combo", kwargs={"pk": t.combo_b.pk}),
        reverse("dashboard:order-lines"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302, url  # to the login page
    customer = django_user_model.objects.create_user("khach", "khach@example.vn", "mat-khau-dai-2026")
    client.force_login(customer)
    for url in urls:
        assert client.get(url).status_code in {302, 403}, url


def test_every_producer_url_is_in_the_matrix():
    resolver = get_resolver()
    names = set()
    for namespace in COVERED:
        patterns = resolver.namespace_dict[namespace][1].reverse_dict
        names |= {(namespace, name) for name in patterns if isinstance(name, str)}
    area = {name for namespace, name in names if namespace == "producers-dashboard"}
    assert area == COVERED["producers-dashboard"]
