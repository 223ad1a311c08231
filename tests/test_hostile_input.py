"""Hostile query strings against every public view: the answer is a page (200), a redirect, "bad
request" (400) or "not found" (404) — never a server error. Tried on SQLite and PostgreSQL, which
refuse different things (PostgreSQL: NUL in text; SQLite: huge offsets, deep expressions)."""

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.adminunits.models import LegacyDistrict
from marketplace.payment.records import payment_source
from tests.cms.fairs.conftest import add_fair, make_index
from tests.cms.live.conftest import live_session
from tests.factories import (
    ProducerFactory,
    ProductFactory,
    SalesPointFactory,
    create_order,
    make_combo,
    published_news,
    published_story,
    stock_at,
)

pytestmark = pytest.mark.django_db
OK = {200, 301, 302, 400, 404, 405, 410}

HOSTILE_VALUES = [
    "abc",
    "-1",
    "0",
    "1e3",
    "100000000000000000000",
    "9" * 5000,
    "1" * 10_000,
    "a" * 10_240,
    "a\u0301" * 2000,  # combining marks
    "\u200b\u200c\u200d\ufeff",  # zero-width
    "\u202eOCOP\u202c",  # right-to-left override
    "مرحبا عسل",
    "蜂蜜 茶",
    "\x00",
    "mat\x00ong",
    "%00",
    "__",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    " ".join("a" * 80),
    "300000-100000",  # a reversed price range
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
]
PARAMETERS = [
    "q",
    "page",
    "sort",
    "province",
    "district",
    "group",
    "subgroup",
    "stars",
    "price",
    "buy_online",
    "combo",
    "code",
    "next",
    "kind",
    "open",
    "product",
    "lat",
    "lng",
    "sort_by",
    "category",
    "tag",
]


@pytest.fixture
def public_urls(admin_units, featured_home_page, site_policies):
    district = LegacyDistrict.objects.select_related("province").get(code="218")
    product = ProductFactory(
        producer=ProducerFactory(legacy_province=district.province, legacy_district=district), price=120000
    )
    point = SalesPointFactory(hours="T2-CN 18:00-02:00")
    stock_at(point, product)
    order = create_order()
    payment_source(order, "card")  # awaiting its payment: its page links to its pay page
    guest_order = reverse("customer:anon-order", args=[order.number, order.verification_hash()])
    story = published_story(product, video_url="https://youtu.be/abc")
    fair = add_fair(make_index(featured_home_page), exhibitors=[(product.producer, "A-03", [product])])
    session = live_session(products=[product], replay_url="https://youtu.be/abc")
    article = published_news("Tuần hàng OCOP", tags=["Mật ong"], products=[product], category="trade-promotion")
    return [
        "/",
        "/cau-chuyen-san-pham/",
        story.url,
        "/chinh-sach-doi-tra/",
        "/hoi-cho/",
        "/hoi-cho/lich.ics",
        fair.url,
        f"{fair.url}lich.ics",
        "/livestream/",
        session.url,
        "/tin-tuc/",
        article.url,
        "/tin-tuc/rss/",
        "/tin-tuc/atom/",
        "/catalogue/",
        "/sales-points/",
        "/sales-points/map.geojson",
        point.get_absolute_url(),
        "/open-data/",
        "/open-data/ocop-products.csv",
        "/open-data/ocop-products.json",
        "/api/products/",
        f"/api/products/{product.pk}/",
        f"/api/certificates/{product.certificate.code}/",
        "/api/sales-points/",
        "/api/sales-points/geojson/",
        "/api/fairs/",
        "/api/docs/",
        product.subgroup.get_absolute_url(),
        product.group.get_absolute_url(),
        district.province.get_absolute_url(),
        district.get_absolute_url(),
        product.producer.get_absolute_url(),
        product.get_absolute_url(),
        make_combo([product], price=150000).get_absolute_url(),
        reverse("catalogue:reviews-list", kwargs={"product_slug": product.slug, "product_pk": product.pk}),
        "/search/",
        "/search/suggest/",
        "/verify/",
        f"/verify/{product.certificate.code}/",
        f"/verify/{product.certificate.code}/qr.png",
        f"/verify/{product.certificate.code}/qr.svg",
        "/feeds/new-products/",
        "/sitemap.xml",
        "/robots.txt",
        "/basket/",
        "/checkout/",
        "/checkout/shipping-address/",
        "/checkout/communes/",
        "/checkout/shipping-method/",
        "/checkout/payment-method/",
        "/checkout/payment-details/",
        "/checkout/preview/",
        "/checkout/thank-you/",
        "/accounts/login/",
        "/accounts/register/",
        "/accounts/logout/",
        "/payments/card/return/",
        "/payments/stripe/webhook/",
        guest_order,
        f"{guest_order}pay/",
        "/accounts/orders/",
        "/accounts/producer/claim/",
    ]


def test_every_parameter_with_every_hostile_value(client, public_urls):
    failures = []
    for url in public_urls:
        for name in PARAMETERS:
            for value in HOSTILE_VALUES:
                status = client.get(url, {name: value}).status_code
                if status not in OK:
                    failures.append((url, name, value[:30], status))
    assert failures == []


def test_repeated_and_unknown_parameters(client, public_urls):
    query = urlencode([("province", "24")] * 200 + [("stars", "5")] * 50 + [("q", "mat")] * 50 + [("x", "y")] * 100)
    for url in public_urls:
        assert client.get(f"{url}?{query}").status_code in OK, url


def test_hostile_paths(client, public_urls):
    for path in [
        "/verify/%00/",
        "/verify/%E2%80%AE/",
        "/verify/" + "a" * 5000 + "/",
        "/verify/a/b/c/d/",
        "/catalogue/tinh/%00/",
        "/catalogue/tinh/bac-giang/%00/",
        "/catalogue/chu-the/" + "x" * 3000 + "/",
        "/catalogue/category/i_99999999999999999999/",
        "/catalogue/mat-ong_99999999999999999999/",
        "/sales-points/%00/",
        "/sales-points/" + "x" * 3000 + "/",
        "/sales-points/map.geojson/",
        "/hoi-cho/%00/lich.ics",
        "/hoi-cho/" + "x" * 3000 + "/lich.ics",
        "/hoi-cho/lich.ics/",
        "/catalogue/mat-ong_99999999999999999999/reviews/",
        "/catalogue/mat-ong_1/reviews/99999999999999999999/",
        "/accounts/order-status/%00/100001:x/",
        "/accounts/order-status/100001/%00/",
        "/accounts/order-status/100001/" + "a" * 5000 + "/",
        "/accounts/order-status/" + "9" * 3000 + "/x:y/",
        "/accounts/order-status/100001/%3Cscript%3E/",
        "/accounts/order-status/100001/100001:x/pay/",
        "/accounts/order-status-form/100001/100001:x/",
        "/accounts/orders/%00/",
        "/accounts/orders/" + "9" * 3000 + "/pay/",
        "/accounts/producer/claim/%00/",
        "/accounts/producer/claim/" + "a" * 5000 + "/",
        "/accounts/producer/claim/a:b:c/",
        "/accounts/producer/welcome/%00/x/",
        "/accounts/producer/welcome/MQ/" + "a" * 5000 + "/",
        "/accounts/producer/welcome/" + "9" * 3000 + "/set-password/",
        "/accounts/producer/welcome/%E2%80%AE/1-2/",
    ]:
        assert client.get(path).status_code in OK, path


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_any_text_typed_into_search_suggest_or_the_certificate_check(client, public_urls, text):
    for url, name in [("/search/", "q"), ("/search/suggest/", "q"), ("/verify/", "code"), ("/catalogue/", "page")]:
        assert client.get(url, {name: text}).status_code in OK, (url, text)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    params=st.dictionaries(
        st.sampled_from(["province", "district", "kind", "open", "product", "lat", "lng", "page"]),
        st.text(max_size=40),
        max_size=5,
    )
)
def test_any_locator_filters(client, public_urls, params):
    for url in ("/sales-points/", "/sales-points/map.geojson"):
        assert client.get(url, params).status_code in OK, (url, params)


def test_hostile_values_posted_into_every_checkout_step(client, admin_units, featured_home_page):
    """A shopper at the review step sends hostile values into the delivery, payment and review
    forms: each is refused in words or ignored, never a server error, never an order."""
    from oscar.core.loading import get_model

    product = ProductFactory(price=120000)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post("/checkout/", {"phone": "0912345678", "name": "Nguyễn Thị Lan"})
    address = {"name": "Lan", "phone_number": "0912345678", "line1": "Số 1", "province": "24", "commune": "07486"}
    assert client.post("/checkout/shipping-address/", address).status_code == 302
    assert client.post("/checkout/shipping-method/", {"method_code": "home-delivery"}).status_code == 302
    assert client.post("/checkout/payment-method/", {"method": "cod"}).status_code == 302
    assert client.get("/checkout/preview/").status_code == 200  # "Place order" is one tap away
    failures = []
    for value in HOSTILE_VALUES:
        for path, data in (
            ("/checkout/shipping-method/", {"method_code": value}),
            ("/checkout/payment-method/", {"method": value}),
            ("/checkout/preview/", {"action": value, "total": value}),
            ("/checkout/preview/", {"action": "place_order", "total": value}),
            ("/checkout/shipping-address/", {**address, "commune": value, "province": value}),
        ):
            status = client.post(path, data).status_code
            if status not in OK:
                failures.append((path, data, status))
    assert not failures, failures[:10]
    assert not get_model("order", "Order").objects.exists()


def test_hostile_values_posted_into_the_order_line_moves(client, admin_units):
    """A producer's order line forms (a move, a parcel, a cancellation) with every hostile value
    in each field: refused in words or not found, or the text kept as typed — never a server
    error, and never a move of another producer's line."""
    from oscar.core.loading import get_model

    from marketplace.order import moves, statuses
    from marketplace.order.models import Shipment
    from tests.factories import producer_user
    from tests.marketplace.conftest import basket_of

    Line = get_model("order", "Line")
    mine, theirs = ProductFactory(price=120000), ProductFactory(price=80000)
    order = create_order(basket=basket_of((mine, 1), (theirs, 1)))
    payment_source(order, "cod")
    statuses.refresh(order)
    line, other = order.lines.get(partner=mine.producer), order.lines.get(partner=theirs.producer)
    client.force_login(producer_user(mine.producer))
    url = reverse("dashboard:order-line-move")
    # Without a tracking number the parcel form never ships: each other field is tried alone.
    parcel = {"lines": line.pk, "to": "shipped", "seen": "packed", "carrier": "ghn", "tracking_number": ""}
    cancel = {"lines": line.pk, "to": "cancelled", "seen": "packed", "reason": "Hết hàng"}
    failures = []
    Line.objects.filter(pk=line.pk).update(status=statuses.PACKED)
    for value in HOSTILE_VALUES:
        attempts = [{**parcel, name: value} for name in ("lines", "to", "seen", "carrier", "carrier_name")]
        attempts += [
            {**parcel, "lines": [line.pk, value]},
            {**parcel, "lines": other.pk, "seen": "new", "to": "confirmed", "note": value},
            {**parcel, "carrier": "other", "carrier_name": value, "tracking_number": value},
            {**cancel, "reason": value},
        ]
        for data in attempts:
            status = client.post(url, data).status_code
            line.refresh_from_db()
            reasons = moves.cancel_reasons([line])
            if status not in OK or "\x00" in "".join(reasons.values()):
                failures.append((data, status))
            Line.objects.filter(pk=line.pk).update(status=statuses.PACKED)  # for the next attempt
            Shipment.objects.all().delete()
    assert not failures, failures[:10]
    other.refresh_from_db()
    assert other.status == statuses.NEW


def test_hostile_values_typed_into_the_producer_claim(client, django_user_model):
    """A signed-in user types hostile values into the claim's two codes, and into a confirmation
    link: each gets the form again or a refusal in words, never a server error, nothing linked."""
    from django.core.cache import cache

    producer = ProducerFactory(registry_code="24-218-HTX-0003", tax_code="2400123456", email="htx@example.vn")
    client.force_login(django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026"))
    failures = []
    for value in HOSTILE_VALUES:
        for data in (
            {"registry_code": value, "tax_code": value},
            {"registry_code": value, "tax_code": "2400123456"},
            {"registry_code": "24-218-HTX-0003", "tax_code": value},
        ):
            cache.clear()  # past the throttle: every value reaches the lookup
            status = client.post("/accounts/producer/claim/", data).status_code
            if status != 200:
                failures.append((data, status))
        for method in (client.get, client.post):
            status = method(f"/accounts/producer/claim/{quote(value, safe='')}/").status_code
            if status not in OK:
                failures.append((value[:30], status))
    assert not failures, failures[:10]
    assert not producer.users.exists()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(registry_code=st.text(max_size=120), tax_code=st.text(max_size=50))
def test_any_text_typed_into_the_producer_claim(client, django_user_model, registry_code, tax_code):
    from django.core.cache import cache

    cache.clear()
    user = django_user_model.objects.get_or_create(username="lan", defaults={"email": "lan@example.vn"})[0]
    client.force_login(user)
    data = {"registry_code": registry_code, "tax_code": tax_code}
    assert client.post("/accounts/producer/claim/", data).status_code == 200


def test_hostile_e_mail_addresses_in_staffs_invitation(client, django_user_model):
    producer = ProducerFactory()
    staff = django_user_model.objects.create_user("vp", "vp@ocop.local", "x", is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("producer-invite", kwargs={"pk": producer.pk})
    for value in [*HOSTILE_VALUES, "a@b", "a@" + "b" * 300 + ".vn", "x@example.vn\r\nBcc: y@example.vn"]:
        assert client.post(url, {"email": value}).status_code == 302, value[:30]
    assert client.post(reverse("producer-invite", kwargs={"pk": 10**12}), {"email": "x@example.vn"}).status_code == 404
    assert not producer.users.exists()


def test_hostile_values_posted_into_the_story_form(client, admin_units, featured_home_page):
    """A producer sends every hostile value in each field of its story form, writing a story and
    changing one: refused in words, or the text kept as typed — never a server error, never a
    story about another producer's product."""
    from cms.stories.models import ProductStoryPage
    from tests.factories import producer_user

    mine, theirs = ProductFactory(price=120000), ProductFactory(price=80000)
    story = published_story(mine)
    client.force_login(producer_user(mine.producer))
    valid = {
        "product": mine.pk,
        "title": "Mật ong",
        "intro": "Mật ong hoa vải.",
        "text": "Ong hút mật.",
        "video_url": "",
        "action": "save",
    }
    failures = []
    for value in HOSTILE_VALUES:
        for name in [*valid, "remove_photos", "photos"]:
            for url in ("/dashboard/stories/new/", f"/dashboard/stories/{story.pk}/"):
                status = client.post(url, {**valid, name: value}).status_code
                if status not in OK:
                    failures.append((url, name, value[:30], status))
        for param in ("page", "q", "product"):
            status = client.get("/dashboard/stories/", {param: value}).status_code
            if status not in OK:
                failures.append(("list", param, value[:30], status))
        status = client.post(f"/dashboard/stories/{value[:100]}/delete/").status_code
        if status not in OK:
            failures.append(("delete", value[:30], status))
    assert not failures, failures[:10]
    stories = ProductStoryPage.objects.all()
    assert not stories.filter(product=theirs).exists()
    for page in stories:
        draft = page.get_latest_revision_as_object()
        assert "\x00" not in draft.title + draft.intro + str(draft.body.raw_data)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    fields=st.dictionaries(
        st.sampled_from(["title", "intro", "text", "video_url", "product", "action"]), st.text(max_size=200), max_size=4
    )
)
def test_any_text_typed_into_the_story_form(client, public_urls, fields):
    from tests.factories import producer_user

    product = ProductFactory()
    client.force_login(producer_user(product.producer, username=f"u{product.pk}"))
    data = {"product": product.pk, "title": "Mật ong", "intro": "Mật ong.", "text": "Ong.", **fields}
    assert client.post("/dashboard/stories/new/", data).status_code in OK, data
