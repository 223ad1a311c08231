"""The producer's own area (/dashboard/shop/), through the real views: what a producer sees of
its products, what it may change, and that the registry's fields and other producers' things
stay out of reach."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from catalog.certification.models import Status
from marketplace.producers.models import ProducerNotice
from tests.factories import certify

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def jpeg(size=(800, 600), exif_orientation=None, **save):
    image = Image.new("RGB", size, (200, 120, 40))
    buffer = io.BytesIO()
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation  # Orientation
        exif[0x8825] = {2: (21.0, 2.0, 3.0)}  # GPS latitude: where the photo was taken
        save["exif"] = exif.tobytes()
    image.save(buffer, "JPEG", **save)
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def gif():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    return buffer.getvalue()


def product_url(product, name="producers-dashboard:product"):
    return reverse(name, kwargs={"pk": product.pk})


def test_the_list_shows_every_own_product_showcase_included_and_nothing_of_others(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    page = client.get(reverse("producers-dashboard:product-list")).content.decode()
    assert "Mật ong hoa vải Lục Nam" in page
    assert "Mật ong bạc hà Lục Nam" in page  # no stock record: a showcase
    assert "Chè búp Tân Cương" not in page
    assert "250.000" in page


def test_the_list_says_why_a_product_is_not_listed_and_when_its_certificate_expires(client, two_producers):
    t = two_producers
    certificate = t.product_a.certificate
    certificate.status = Status.SUSPENDED
    certificate.save()
    client.force_login(t.user_a)
    page = client.get(reverse("producers-dashboard:product-list"), {"state": "not_listed"}).content.decode()
    assert "Mật ong hoa vải Lục Nam" in page
    assert "Chưa niêm yết" in page
    assert "tạm đình chỉ" in page.lower() or "suspended" in page  # the reason, in words
    assert certificate.code in page


def test_the_list_costs_the_same_queries_for_one_product_or_twenty(
    client, two_producers, django_assert_max_num_queries
):
    from tests.factories import ProductFactory

    t = two_producers
    client.force_login(t.user_a)
    with django_assert_max_num_queries(14):
        client.get(reverse("producers-dashboard:product-list"))
    for n in range(20):
        ProductFactory(title=f"Mật ong số {n}", producer=t.a, price=100_000 + n)
    with django_assert_max_num_queries(14):
        client.get(reverse("producers-dashboard:product-list"))


def test_a_producer_changes_price_stock_and_description_not_the_registrys_fields(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    response = client.post(
        product_url(t.product_a),
        {
            "description": "Mật ong nguyên chất.\n\nThu hoạch mùa vải <b>2026</b>",
            "weight_grams": "700",
            "price": "265000",
            "num_in_stock": "40",
            "title": "Tên mới",  # registry-owned: not in the form, ignored
            "stars": "5",
        },
    )
    assert response.status_code == 302
    t.product_a.refresh_from_db()
    assert t.product_a.title == "Mật ong hoa vải Lục Nam"
    assert t.product_a.weight_grams == 700
    assert t.product_a.description == "<p>Mật ong nguyên chất.</p>\n\n<p>Thu hoạch mùa vải &lt;b&gt;2026&lt;/b&gt;</p>"
    record = t.product_a.stockrecords.get()
    assert (int(record.price), record.num_in_stock) == (265000, 40)
    public = client.get(t.product_a.get_absolute_url()).content.decode()
    assert "265.000" in public


def test_a_showcase_product_starts_selling_online_once_it_has_a_price(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    refused = client.post(product_url(t.bare_a), {"description": "", "num_in_stock": "5"})
    assert refused.status_code == 400
    assert "Hãy đặt giá" in refused.content.decode()
    assert not t.bare_a.stockrecords.exists()
    client.post(product_url(t.bare_a), {"description": "", "price": "90000", "num_in_stock": "5"})
    record = t.bare_a.stockrecords.get()
    assert (record.partner, int(record.price), record.num_in_stock) == (t.a, 90000, 5)


def test_stock_cannot_fall_below_what_orders_reserved(client, two_producers):
    t = two_producers
    record = t.product_a.stockrecords.get()
    record.num_allocated = 4
    record.save()
    client.force_login(t.user_a)
    response = client.post(product_url(t.product_a), {"description": "", "price": "250000", "num_in_stock": "3"})
    assert response.status_code == 400
    record.refresh_from_db()
    assert record.num_in_stock == 10


def test_withdraw_and_republish_a_listing(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    client.post(product_url(t.product_a, "producers-dashboard:product-listing"), {"action": "withdraw"})
    t.product_a.refresh_from_db()
    assert not t.product_a.is_public
    assert client.get(t.product_a.get_absolute_url()).status_code == 410  # gone: no longer sold
    client.post(product_url(t.product_a, "producers-dashboard:product-listing"), {"action": "republish"})
    t.product_a.refresh_from_db()
    assert t.product_a.is_public
    assert client.get(t.product_a.get_absolute_url()).status_code == 200


def test_a_phone_photo_is_turned_upright_and_loses_its_location(client, two_producers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    t = two_producers
    client.force_login(t.user_a)
    # Taken with the phone held sideways: stored 800×600 with "rotate 90°" in its EXIF.
    upload = jpeg((800, 600), exif_orientation=6)
    response = client.post(product_url(t.product_a, "producers-dashboard:product-photo-add"), {"photo": upload})
    assert response.status_code == 302
    image = t.product_a.images.get()
    with Image.open(image.original.path) as stored:
        assert stored.size == (600, 800)
        assert not stored.getexif()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("virus.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg"), "không phải ảnh"),
        (SimpleUploadedFile("a.gif", gif(), content_type="image/gif"), "ảnh này là GIF"),
    ],
)
def test_files_that_are_not_photos_are_refused_with_a_message(
    client, two_producers, upload, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    t = two_producers
    client.force_login(t.user_a)
    response = client.post(product_url(t.product_a, "producers-dashboard:product-photo-add"), {"photo": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not t.product_a.images.exists()


def test_oversized_photos_and_decompression_bombs_are_refused(client, two_producers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PHOTO_MAX_UPLOAD_SIZE = 50_000
    t = two_producers
    client.force_login(t.user_a)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * 60_000, content_type="image/jpeg")
    response = client.post(product_url(t.product_a, "producers-dashboard:product-photo-add"), {"photo": big})
    assert response.status_code == 400
    # A bomb: a tiny PNG that would decode to 20,000 × 20,000 pixels.
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG", optimize=True)
    assert buffer.tell() < 50_000
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = client.post(product_url(t.product_a, "producers-dashboard:product-photo-add"), {"photo": bomb})
    assert response.status_code == 400
    assert "tối đa chỉ nhận 40 triệu điểm ảnh" in response.content.decode()
    assert not t.product_a.images.exists()


def test_photos_can_be_reordered_and_deleted_only_by_their_producer(client, two_producers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    t = two_producers
    client.force_login(t.user_a)
    for _ in range(2):
        client.post(product_url(t.product_a, "producers-dashboard:product-photo-add"), {"photo": jpeg()})
    first, second = t.product_a.images.order_by("display_order")
    client.force_login(t.user_b)
    url = reverse("producers-dashboard:product-photo", kwargs={"image": second.pk})
    assert client.post(url, {"action": "delete"}).status_code == 404
    client.force_login(t.user_a)
    client.post(url, {"action": "main"})
    assert list(t.product_a.images.order_by("display_order")) == [second, first]
    client.post(url, {"action": "delete"})
    assert list(t.product_a.images.all()) == [first]


def test_another_producers_product_is_a_404_and_stays_unchanged(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    for name in ("producers-dashboard:product",):
        assert client.get(product_url(t.product_b, name)).status_code == 404
    for name in (
        "producers-dashboard:product",
        "producers-dashboard:product-listing",
        "producers-dashboard:product-photo-add",
    ):
        response = client.post(product_url(t.product_b, name), {"action": "withdraw", "price": "1", "description": "x"})
        assert response.status_code == 404
    t.product_b.refresh_from_db()
    assert t.product_b.is_public and t.product_b.stockrecords.get().price == 120000


def test_a_registry_sync_keeps_what_the_producer_owns(client, two_producers):
    """The sync writes the registry's fields (catalog/registry/apply.py PRODUCT_FIELDS) only."""
    from catalog.registry.apply import PRODUCT_FIELDS
    from marketplace.producers.access import REGISTRY_FIELDS

    owned = {"description", "weight_grams", "is_public", "images", "stockrecords"}
    assert not owned & {f.removesuffix("_id") for f in PRODUCT_FIELDS}
    assert {f.removesuffix("_id") for f in PRODUCT_FIELDS} <= set(REGISTRY_FIELDS)


def test_notices_are_listed_newest_first_and_marked_read(client, two_producers):
    from marketplace.producers.notices import notify

    t = two_producers
    notify(
        t.a, ProducerNotice.Kind.NEW_ORDER, "100001", {"number": "100001", "lines": 2}, url="/dashboard/orders/lines/"
    )
    notify(t.b, ProducerNotice.Kind.NEW_ORDER, "100002", {"number": "100002", "lines": 1})
    client.force_login(t.user_a)
    home = client.get(reverse("dashboard:index")).content.decode()
    assert "100001" in home and "100002" not in home
    page = client.get(reverse("producers-dashboard:notices")).content.decode()
    assert "100001" in page and "100002" not in page
    client.post(reverse("producers-dashboard:notices"))
    assert not ProducerNotice.objects.filter(producer=t.a, read_at=None).exists()
    assert ProducerNotice.objects.filter(producer=t.b, read_at=None).exists()


def test_a_notice_is_made_and_mailed_once(two_producers, mailoutbox):
    from marketplace.producers.notices import notify

    t = two_producers
    assert notify(t.a, ProducerNotice.Kind.LOW_STOCK, "stockrecord:1", {"product": "Mật ong", "available": 2})
    assert notify(t.a, ProducerNotice.Kind.LOW_STOCK, "stockrecord:1", {"product": "Mật ong", "available": 1}) is None
    assert len(mailoutbox) == 1
    assert t.user_a.email in mailoutbox[0].to
    assert "Mật ong" in mailoutbox[0].body


def test_low_stock_after_saving_makes_one_notice_until_restocked(
    client, two_producers, django_capture_on_commit_callbacks
):
    t = two_producers
    client.force_login(t.user_a)
    data = {"description": "", "price": "250000"}
    for stock in ("2", "1"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(product_url(t.product_a), {**data, "num_in_stock": stock})
    assert ProducerNotice.objects.filter(producer=t.a, kind="low_stock").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(product_url(t.product_a), {**data, "num_in_stock": "50"})
    assert not ProducerNotice.objects.filter(producer=t.a, kind="low_stock").exists()


def test_certify_helper_is_used_for_expiry(two_producers):
    certify(two_producers.bare_a)


def test_an_expiring_certificate_warns_the_producer_on_its_home_and_by_email_once(client, two_producers, mailoutbox):
    import datetime

    from catalog.certification.models import local_today
    from catalog.certification.notices import send_expiry_notices

    t = two_producers
    certificate = t.product_a.certificate
    certificate.valid_until = local_today() + datetime.timedelta(days=20)
    certificate.save()
    send_expiry_notices()
    send_expiry_notices()
    kinds = sorted(ProducerNotice.objects.filter(producer=t.a).values_list("kind", flat=True))
    assert kinds == ["expires_30", "expires_90"]
    assert len(mailoutbox) == 2 and all(t.user_a.email in m.to for m in mailoutbox)
    client.force_login(t.user_a)
    home = client.get(reverse("dashboard:index")).content.decode()
    assert f"Giấy chứng nhận OCOP {certificate.code}" in home
    assert certificate.valid_until.strftime("%d/%m/%Y") in home
    client.force_login(t.user_b)
    assert certificate.code not in client.get(reverse("dashboard:index")).content.decode()


def test_a_new_order_is_a_notice_for_each_of_its_producers(order, two_producers):
    from marketplace.order.notifications import notify_producers

    notify_producers(order.pk)
    notify_producers(order.pk)
    for producer in (two_producers.a, two_producers.b):
        notice = ProducerNotice.objects.get(producer=producer, kind="new_order")
        assert str(order.number) in notice.message
        assert notice.url.endswith(f"?order={order.number}")


def test_hostile_values_in_every_field_and_filter_of_the_producer_area(client, two_producers, settings, tmp_path):
    from tests.test_hostile_input import HOSTILE_VALUES, OK

    settings.MEDIA_ROOT = tmp_path
    t = two_producers
    client.force_login(t.user_a)
    before = (t.product_a.title, t.product_a.is_public)
    failures = []
    for value in HOSTILE_VALUES:
        for path, data in (
            (reverse("producers-dashboard:product-list"), {"q": value, "state": value, "page": value}),
            (reverse("producers-dashboard:notices"), {"page": value}),
        ):
            if (status := client.get(path, data).status_code) not in OK:
                failures.append((path, data, status))
        for path, data in (
            (
                product_url(t.product_a),
                {"description": value, "weight_grams": value, "price": value, "num_in_stock": value},
            ),
            (product_url(t.product_a), {"save_points": "1", "add_point": value, "add_quantity": value}),
            (product_url(t.product_a, "producers-dashboard:product-listing"), {"action": value}),
            (product_url(t.product_a, "producers-dashboard:product-photo-add"), {"photo": value, "caption": value}),
        ):
            if (status := client.post(path, data).status_code) not in OK:
                failures.append((path, data, status))
    assert not failures, failures[:10]
    t.product_a.refresh_from_db()
    assert (t.product_a.title, t.product_a.is_public) == before
    assert not t.product_a.images.exists()


def test_every_form_of_the_producer_area_needs_its_csrf_token(two_producers):
    from django.test import Client

    t = two_producers
    client = Client(enforce_csrf_checks=True)
    client.force_login(t.user_a)
    for path, data in (
        (product_url(t.product_a), {"description": "x", "price": "1"}),
        (product_url(t.product_a, "producers-dashboard:product-listing"), {"action": "withdraw"}),
        (product_url(t.product_a, "producers-dashboard:product-photo-add"), {"photo": jpeg()}),
        (reverse("producers-dashboard:notices"), {}),
    ):
        assert client.post(path, data).status_code == 403, path
    t.product_a.refresh_from_db()
    assert t.product_a.is_public and int(t.product_a.stockrecords.get().price) == 250000


def test_stock_at_the_sales_points_a_producer_supplies(client, admin_units, two_producers):
    from tests.factories import SalesPointFactory, stock_at

    t = two_producers
    luc_nam, bac_giang, elsewhere = SalesPointFactory(), SalesPointFactory(), SalesPointFactory()
    mine = stock_at(luc_nam, t.product_a, 5)
    mine.num_allocated = 2
    mine.save()
    stock_at(bac_giang, t.bare_a, 3)  # A supplies this point with its other product
    theirs = stock_at(luc_nam, t.product_b, 7)
    stock_at(elsewhere, t.product_b, 1)
    client.force_login(t.user_a)
    page = client.get(product_url(t.product_a))
    form = page.context["points_form"]
    assert [row.pk for row in form.rows] == [mine.pk]
    assert list(form.fields["add_point"].queryset) == [bac_giang]  # not B's other point
    refused = client.post(product_url(t.product_a), {"save_points": "1", f"point_{mine.pk}": "1"})
    assert refused.status_code == 400  # 2 are reserved for pickups
    client.post(
        product_url(t.product_a),
        {
            "save_points": "1",
            f"point_{mine.pk}": "9",
            f"point_{theirs.pk}": "0",
            "add_point": bac_giang.pk,
            "add_quantity": "4",
        },
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.num_in_stock, mine.num_allocated, theirs.num_in_stock) == (9, 2, 7)
    assert t.product_a.point_stock.get(point=bac_giang).num_in_stock == 4
    forged = client.post(product_url(t.product_a), {"save_points": "1", "add_point": elsewhere.pk, "add_quantity": "4"})
    assert forged.status_code == 400
    assert not t.product_a.point_stock.filter(point=elsewhere).exists()
