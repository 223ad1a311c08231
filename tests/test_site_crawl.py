"""Every address the site links to answers — requested the way people and search engines find them.

On the demo data: every URL of the sitemap, and every link found on the main pages (home,
catalogue, a group, a province, a district, a producer, a product, a search, the certificate
check, the sales-point locator and a point; a guest's order page, reached by its link, a
customer's orders, and the producer claim), followed once, as an anonymous visitor, as a
producer's user and as staff (with a producer's page in the dashboard); and the demo orders'
pages (the guests' tracking pages, the demo customer's account, the dashboard's order pages),
with their links. No answer may be a server error, and no link may
lead to a 404; the documented exception is 410 Gone, which a delisted product's page answers
(it says why).
"""

import html
import re
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.combos.parts import OFFICE_CODE
from marketplace.order.models import Shipment
from marketplace.payment.records import payment_source
from marketplace.producers.notices import notify
from marketplace.salespoints.models import PointStock, SalesPoint
from marketplace.shipping.methods import Pickup
from tests.factories import create_order, make_combo, published_story, stock_at

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db
LINK = re.compile(r"""<a\s[^>]*href=["']([^"'#][^"']*)["']""", re.IGNORECASE)
SKIPPED = ("/accounts/logout", "/django-admin/logout", "/cms-admin/logout", "/static/", "/media/")
# Wagtail's bulk actions: links its script completes with the pages ticked in a list.
SKIPPED += ("/cms-admin/bulk/",)
ALLOWED = {200, 301, 302, 304, 403, 405, 410}  # 403/405: a link to a form a visitor may not use
STARTS_NOT_FOUND = {"/verify/?code=KHONG-CO-MA-NAY"}  # asked for on purpose: no such certificate
CLAIM = "/accounts/producer/claim/"  # a producer's claim: visitors log in or register first


def links(page_html, base):
    """Same-site links of a page, without fragments."""
    found = set()
    for href in LINK.findall(page_html):
        url = urljoin(base, html.unescape(href))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "") and parts.netloc in ("", "testserver"):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and not path.startswith(SKIPPED):
                found.add(path)
    return found


def main_pages(demo_sentinels):
    listed = Product.objects.listable().select_related("producer__legacy_province", "producer__legacy_district")
    product = listed.filter(producer__legacy_district__isnull=False).order_by("pk").first()
    delisted = get_model("certification", "Certificate").objects.get(code=demo_sentinels["revoked"]).product
    return [
        "/",
        "/catalogue/",
        Category.objects.get(code="I").get_absolute_url(),
        product.producer.legacy_province.get_absolute_url(),
        product.producer.legacy_district.get_absolute_url(),
        product.producer.get_absolute_url(),
        product.get_absolute_url(),
        delisted.get_absolute_url(),
        Product.objects.listable().filter(is_combo=True).order_by("pk").last().get_absolute_url(),  # of 3 producers
        "/catalogue/?combo=1",
        "/search/?q=mat+ong",
        "/search/?q=ca+phe&stars=4&sort=price_asc",
        "/verify/",
        f"/verify/{product.certificate.code}/",
        f"/verify/?code={product.product_code}",
        "/verify/?" + urlencode({"code": product.certificate.decision_number}),  # a decision's certificates
        "/verify/?code=KHONG-CO-MA-NAY",  # not found: the lookup form again (404)
        "/basket/",
        "/sales-points/",
        "/sales-points/?province=24",
        "/sales-points/?district=218&open=now",
        f"/sales-points/?product={product.pk}",
        "/sales-points/?lat=21.27&lng=106.2",
        "/sales-points/map.geojson",
        SalesPoint.objects.active().order_by("pk").first().get_absolute_url(),
        "/open-data/",
    ]


def demo_stories():
    """The stories (cms/stories) of the first listed product's producer: one published, one draft.
    Returns (the published story's URL, the draft)."""
    product = Product.objects.listable().order_by("pk").first()
    published = published_story(product, "Chuyện sản phẩm", video_url="https://www.youtube.com/watch?v=ocop")
    return published.url, published_story(product, "Bản nháp", live=False)


def demo_order(user=None, method="card", **kwargs):
    """An order of two demo producers' products, the first producer's parcel sent: a guest's
    (awaiting its card payment, to be collected at a demo point) or ``user``'s."""
    from oscar.apps.partner.strategy import Selector

    first = Product.objects.listable().filter(stockrecords__isnull=False).order_by("pk").first()
    second = (
        Product.objects.listable().filter(stockrecords__isnull=False).exclude(producer=first.producer).order_by("pk")
    ).first()
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(first)
    basket.add_product(second)
    delivery = kwargs.get("shipping_method")
    if getattr(delivery, "is_pickup", False):  # the point holds what is collected there
        for product in (first, second):
            stock_at(delivery.point, product)
    order = create_order(basket=basket, user=user, **kwargs)
    payment_source(order, method)
    shipment = Shipment.objects.create(order=order, carrier="vnpost", tracking_number="EB123456789VN")
    shipment.lines.set(order.lines.filter(partner=first.producer))
    return order


def guest_order_page():
    point = SalesPoint.objects.active().order_by("pk").first()
    order = demo_order(shipping_method=Pickup(point))
    return f"/accounts/order-status/{order.number}/{order.verification_hash()}/"


def crawl(client, start):
    """Request ``start`` and every link found on those pages; return {path: status}."""
    statuses, to_follow = {}, set()
    for path in start:
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            to_follow |= links(response.content.decode(), path)
    for path in sorted(to_follow - set(statuses)):
        statuses[path] = client.get(path).status_code
    return statuses


def assert_no_broken(statuses):
    broken = {
        path: status
        for path, status in statuses.items()
        if status not in ALLOWED and not (path in STARTS_NOT_FOUND and status == 404)
    }
    assert not broken, f"{len(broken)} of {len(statuses)} addresses answered badly: {sorted(broken.items())[:30]}"


def test_every_sitemap_url_answers(client, demo_publishing, demo_points):
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    urls = re.findall(r"<loc>(.*?)</loc>", sitemap.content.decode())
    assert len(urls) > 300  # products, groups, producers, provinces, districts, pages
    for section in ("/tin-tuc/", "/hoi-cho/", "/livestream/", "/cau-chuyen-san-pham/", "/chinh-sach-doi-tra/"):
        assert any(urlsplit(url).path == section for url in urls), section
    statuses = {url: client.get(urlsplit(url).path).status_code for url in urls}
    assert {url: s for url, s in statuses.items() if s != 200} == {}


def guest_order_pages(orders):
    """Each guest order's tracking page (the link in its confirmation and e-mails)."""
    return [
        reverse("customer:anon-order", kwargs={"order_number": o.number, "hash": o.verification_hash()})
        for o in orders.values()
        if o.user_id is None
    ]


def published_pages():
    """The province's sections and one page of each (the demo's), with their feeds and calendars."""
    from cms.fairs.models import FairPage
    from cms.live.models import LiveSessionPage
    from cms.news.models import NewsPage

    article = NewsPage.objects.live().order_by("pk").first()
    fair = FairPage.objects.live().order_by("pk").first()
    session = LiveSessionPage.objects.live().order_by("pk").first()
    sections = ["/tin-tuc/", "/tin-tuc/rss/", "/tin-tuc/atom/", "/hoi-cho/", "/hoi-cho/lich.ics", "/livestream/"]
    return [*sections, article.url, fair.url, f"{fair.url}lich.ics", session.url, "/chinh-sach-doi-tra/"]


def test_every_link_of_the_main_pages_answers_for_a_visitor(
    client, demo_publishing, demo_points, demo_sentinels, demo_orders
):
    guest_order = guest_order_page()
    guests = guest_order_pages(demo_orders)
    story, _draft = demo_stories()
    stories = ["/cau-chuyen-san-pham/", story]
    published = published_pages()
    start = [*main_pages(demo_sentinels), guest_order, *guests, CLAIM, *stories, *published, "/search/?q=hoi+cho"]
    statuses = crawl(client, start)
    assert len(statuses) > 100
    assert all(statuses[path] == 200 for path in stories + published)
    assert statuses[CLAIM] == 302  # to log in or register first, then back
    assert statuses[guest_order] == 200 and statuses[f"{guest_order}pay/"] == 200
    assert all(statuses[path] == 200 for path in guests)  # the signed link is the key: no form
    assert_no_broken(statuses)


def test_every_link_of_the_demo_customers_pages_answers(client, demo_shop, demo_orders):
    from catalog.demo.orders import CUSTOMER_EMAIL, PASSWORD

    assert client.login(username=CUSTOMER_EMAIL, password=PASSWORD)
    own = [
        reverse("customer:order", kwargs={"order_number": o.number})
        for o in demo_orders.values()
        if o.user_id is not None
    ]
    statuses = crawl(client, ["/accounts/", "/accounts/orders/", *own, CLAIM])
    assert all(statuses[path] == 200 for path in own)
    assert statuses[CLAIM] == 200
    assert_no_broken(statuses)


def test_every_link_of_the_main_pages_answers_for_a_producer(client, demo_publishing, demo_points, demo_sentinels):
    producer = Product.objects.listable().order_by("pk").first().producer
    user = get_user_model().objects.create_user("htx", "htx@ocop.local", "mật-khẩu-dài-2026")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.users.add(user)
    client.force_login(user)
    own_order = f"/accounts/orders/{demo_order(user=user, method='cod').number}/"  # a producer's user buys too
    product = Product.objects.filter(producer=producer, parent=None).order_by("pk").first()
    notify(
        producer,
        "low_stock",
        "crawl",
        {"product": product.title, "available": 1},
        url=f"/dashboard/shop/products/{product.pk}/",
    )
    account = ["/accounts/", "/accounts/orders/", own_order, CLAIM]
    mine = ["/dashboard/", "/dashboard/catalogue/", "/dashboard/orders/lines/"]
    area = ["/dashboard/shop/products/", f"/dashboard/shop/products/{product.pk}/", "/dashboard/shop/notices/"]
    area.append("/dashboard/shop/api-key/")
    combo = make_combo([product], producer=producer, price=200000)  # the producer's own gift combo
    area += [
        "/dashboard/shop/combos/new/",
        f"/dashboard/shop/products/{combo.pk}/",
        f"/dashboard/shop/combos/{combo.pk}/",
    ]
    story, draft = demo_stories()
    stories = ["/cau-chuyen-san-pham/", story, "/dashboard/stories/", "/dashboard/stories/new/"]
    stories += [f"/dashboard/stories/{draft.pk}/", f"/dashboard/stories/{draft.pk}/preview/"]
    statuses = crawl(client, [*main_pages(demo_sentinels), *account, *mine, *area, *stories, *published_pages()])
    assert statuses["/dashboard/"] == 200 and statuses["/dashboard/catalogue/"] == 200
    assert all(statuses[path] == 200 for path in area + stories)
    assert statuses[f"/dashboard/stories/{draft.pk}/delete/"] == 200  # the confirmation, linked from the list
    assert statuses["/dashboard/shop/products/?state=not_listed"] == 200  # linked from the producer's home
    assert statuses["/accounts/orders/"] == 200 and statuses[own_order] == 200 and statuses[CLAIM] == 200
    assert_no_broken(statuses)


def test_every_link_of_the_main_pages_answers_for_staff(
    client, demo_publishing, demo_points, demo_sentinels, demo_orders
):
    staff = get_user_model().objects.create_user("staff", "staff@ocop.local", "mật-khẩu-dài-2026", is_staff=True)
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    revoked = get_model("certification", "Certificate").objects.get(code=demo_sentinels["revoked"]).product
    point = PointStock.objects.get(product=revoked).point  # the demo point still holding a delisted product
    ocop = ["/dashboard/ocop/sync/", "/dashboard/ocop/certificates/", "/dashboard/comms/"]
    sales_points = [
        "/dashboard/sales-points/",
        "/dashboard/sales-points/create/",
        f"/dashboard/sales-points/{point.pk}/",
        f"/dashboard/sales-points/{point.pk}/stock/",
        "/dashboard/sales-points/coverage/",
        "/dashboard/sales-points/import/",
    ]
    payments = ["/dashboard/payments/", "/dashboard/payments/mark-paid/", "/dashboard/payments/statement/"]
    orders = [
        "/dashboard/orders/",
        "/dashboard/orders/lines/",  # every producer's lines of the demo orders, with their move forms
        "/dashboard/orders/lines/?status=todo",
        *(reverse("dashboard:order-detail", kwargs={"number": o.number}) for o in demo_orders.values()),
    ]
    office_combo = Product.objects.filter(is_combo=True, producer__code=OFFICE_CODE).get()
    area = ["/dashboard/shop/products/", "/dashboard/shop/notices/", "/dashboard/shop/combos/new/"]
    area += [f"/dashboard/shop/products/{office_combo.pk}/", f"/dashboard/shop/combos/{office_combo.pk}/"]
    reports = ["/dashboard/province/", "/dashboard/province/?period=2026&province=24"]
    producer = f"/dashboard/partners/{Product.objects.listable().order_by('pk').first().producer_id}/"  # invite form
    story, draft = demo_stories()
    stories = [story, "/dashboard/stories/", f"/dashboard/stories/{draft.pk}/", f"/cms-admin/pages/{draft.pk}/edit/"]
    start = [*main_pages(demo_sentinels), "/dashboard/", *ocop, *sales_points, *payments, *orders, *area, *reports]
    start.append("/cms-admin/")
    statuses = crawl(client, [*start, producer, *stories, *published_pages()])
    assert statuses["/dashboard/"] == 200 and statuses["/cms-admin/"] == 200 and statuses[producer] == 200
    assert all(statuses[path] == 200 for path in stories)
    assert all(statuses[path] == 200 for path in ocop + sales_points + payments + orders + area)
    assert statuses[f"/dashboard/sales-points/{point.pk}/delete/"] == 200  # the confirmation, linked from the list
    assert statuses["/dashboard/sales-points/coverage/?province=24&format=csv"] == 200
    assert all(statuses[path] == 200 for path in reports)
    assert {"/dashboard/province/print/", "/dashboard/province/xlsx/"} <= {path.split("?")[0] for path in statuses}
    assert_no_broken(statuses)


def test_every_link_of_the_cms_admin_answers_for_the_editor_and_the_office(client, demo_publishing):
    """The province's editor and office, signed in to /cms-admin/: the dashboard, the pages of
    each section, each kind of page's editor, the site's settings and the links on them."""
    from django.contrib.auth.models import Group

    from cms.fairs.models import FairPage
    from cms.live.models import LiveSessionPage
    from cms.models import HomePage, PolicyPage
    from cms.news.models import NewsIndexPage, NewsPage

    home = HomePage.objects.order_by("pk").first()
    edits = [
        f"/cms-admin/pages/{model.objects.order_by('pk').first().pk}/edit/"
        for model in (HomePage, NewsPage, FairPage, LiveSessionPage, PolicyPage)
    ]
    add_news = f"/cms-admin/pages/add/news/newspage/{NewsIndexPage.objects.order_by('pk').first().pk}/"
    start = ["/cms-admin/", f"/cms-admin/pages/{home.pk}/", *edits, add_news, "/cms-admin/settings/cms/siteoperator/"]
    for username, group in (("bientap", "Biên tập viên tỉnh"), ("vanphong", "Văn phòng OCOP tỉnh")):
        user = get_user_model().objects.create_user(username, f"{username}@ocop.local", "mật-khẩu-dài-2026")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        statuses = crawl(client, start)
        assert all(statuses[path] == 200 for path in start[:-1]), {p: statuses[p] for p in start}
        assert_no_broken(statuses)


def test_every_link_of_the_checkout_answers(client, demo_shop, demo_points):
    """A visitor with two producers' goods in the basket, through every checkout step to the
    confirmation, following every link of each step."""
    products = list(Product.objects.listable().order_by("pk"))
    two = [products[0], next(p for p in products if p.producer_id != products[0].producer_id)]
    for product in two:
        assert client.post(f"/basket/add/{product.pk}/", {"quantity": 1}).status_code == 302
    steps = {}
    steps["/checkout/"] = client.get("/checkout/").status_code
    client.post("/checkout/", {"phone": "0912345678", "name": "Nguyễn Thị Lan"})
    address = {"name": "Nguyễn Thị Lan", "phone_number": "0912345678", "line1": "Số 12", "province": "24"}
    address["commune"] = "07486"
    assert client.post("/checkout/shipping-address/", address).status_code == 302
    page = client.get("/checkout/shipping-method/")
    code = re.search(r'name="method_code" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post("/checkout/shipping-method/", {"method_code": code}).status_code == 302
    assert client.post("/checkout/payment-method/", {"method": "cod"}).status_code == 302
    review = client.get("/checkout/preview/").content.decode()
    total = re.search(r'name="total" value="(\d+)"', review).group(1)
    assert (
        client.post("/checkout/preview/", {"action": "place_order", "total": total})["Location"]
        == "/checkout/thank-you/"
    )
    statuses = crawl(
        client,
        [
            "/checkout/shipping-address/",
            "/checkout/thank-you/",
            "/basket/",
        ],
    )
    # Every step of the checkout, before the order (a new basket: the steps send back to it).
    for product in two:
        client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    client.post("/checkout/", {"phone": "0912345678", "name": "Nguyễn Thị Lan"})
    client.post("/checkout/shipping-address/", address)
    client.post("/checkout/shipping-method/", {"method_code": code})
    client.post("/checkout/payment-method/", {"method": "cod"})
    steps.update(
        crawl(
            client,
            [
                "/checkout/shipping-address/",
                "/checkout/shipping-method/",
                "/checkout/payment-method/",
                "/checkout/preview/",
            ],
        )
    )
    assert all(
        steps[path] == 200 for path in ("/checkout/shipping-method/", "/checkout/payment-method/", "/checkout/preview/")
    )
    assert_no_broken({**statuses, **steps})


def visitor_view(content):
    """A page without what differs per response (the visitor's CSRF token, the CSP nonce)."""
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", content.decode())
    return re.sub(r'nonce="[^"]+"', "nonce", content)


def test_pages_served_from_the_page_cache_are_the_pages_themselves(
    client, demo_publishing, demo_points, demo_sentinels, settings
):
    """Every main page and its links, as an anonymous visitor: once rendered (and stored), once
    from the page cache — the same page, the same status, none personal left in it."""
    settings.PAGE_CACHE = True
    published = published_pages()
    start = [*main_pages(demo_sentinels), *published, "/search/?q=mat+ong"]
    to_follow = set()
    served = 0

    def twice(path):
        """The page as rendered (and stored), then at once again: from the cache when stored."""
        nonlocal served
        rendered, again = client.get(path), client.get(path)
        assert again.status_code == rendered.status_code, path
        if again.get("X-Page-Cache") == "hit":
            served += 1
            assert rendered.status_code == 200, path
            assert visitor_view(again.content) == visitor_view(rendered.content), path
            assert again["Content-Type"] == rendered["Content-Type"], path
        return rendered

    for path in start:
        response = twice(path)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            to_follow |= links(response.content.decode(), path)
    for path in sorted(to_follow - set(start))[:150]:
        twice(path)
    assert served > 50  # catalogue, products, lists, the locator, Wagtail pages, feeds
