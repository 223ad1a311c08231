"""The page cache (marketplace/pagecache): anonymous visitors get stored pages, and nothing they
see is ever staler than the data — a revoked certificate, a new price, a published news page
show at once — nor anyone else's (CSRF token, CSP nonce, session, basket, messages)."""

import datetime
import json
import re
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace import pagecache
from tests.factories import ProductFactory, certify, published_news, registry_record

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture(autouse=True)
def within_one_minute():
    """A stored page is keyed by its minute too (``pagecache.window``): the clock stands still
    in each test, so a slow request never carries its second visit into the next minute."""
    now = time.time()
    with time_machine.travel(now - now % 60, tick=False):
        yield


@pytest.fixture(autouse=True)
def site_operator(db):
    """The footer's settings row, which Wagtail creates on a site's first page otherwise."""
    from wagtail.models import Site

    from cms.models import SiteOperator

    SiteOperator.for_site(Site.objects.get(is_default_site=True))


def hit(response):
    return response.get("X-Page-Cache") == "hit"


def test_anonymous_pages_are_served_from_the_cache_without_a_query(client, shop, django_assert_max_num_queries):
    url = shop.honey.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and not hit(first)
    with django_assert_max_num_queries(0):
        second = client.get(url)
    assert hit(second) and second.status_code == 200
    assert second.content.replace(b"\n", b"") != b""
    assert "Mật ong hoa vải" in second.content.decode()
    assert second["Content-Type"].startswith("text/html")


def test_a_revoked_certificate_leaves_every_cached_page_at_once(client, admin_units, tmp_path):
    record = registry_record()
    path = tmp_path / "registry.json"
    path.write_text(json.dumps([record]))
    call_command("sync_registry", file=str(path), verbosity=0)
    product = Product.objects.get(product_code=record["product_code"])
    url = product.get_absolute_url()
    for page in ("/catalogue/", url, reverse("certification:verify", kwargs={"code": record["certificate_code"]})):
        client.get(page)
        assert hit(client.get(page)), page
    assert "Na dai Lục Nam" in client.get("/catalogue/").content.decode()

    revoked = registry_record(
        status="revoked", status_reason="Vi phạm tiêu chí", updated_at="2024-09-01T08:00:00+07:00"
    )
    path.write_text(json.dumps([revoked]))
    call_command("sync_registry", file=str(path), force=True, verbosity=0)  # (the guard: 1 of 1 delisted)

    catalogue = client.get("/catalogue/")
    assert not hit(catalogue) and "Na dai Lục Nam" not in catalogue.content.decode()
    assert client.get(url).status_code == 410
    verify = client.get(reverse("certification:verify", kwargs={"code": record["certificate_code"]}))
    assert not hit(verify)


def test_a_new_price_shows_at_once(client, shop):
    url = shop.honey.get_absolute_url()
    client.get(url)
    assert hit(client.get(url))
    record = StockRecord.objects.get(product=shop.honey)
    record.price = 123_000
    record.save()
    page = client.get(url)
    assert not hit(page) and "123.000" in page.content.decode()


def test_a_published_news_page_shows_on_the_cached_home_and_index(client, site_policies):
    index_url = "/tin-tuc/"
    published_news(title="Hội chợ OCOP mùa xuân")
    client.get(index_url)
    assert hit(client.get(index_url))
    published_news(title="Tuần lễ vải thiều Lục Ngạn")
    page = client.get(index_url)
    assert not hit(page) and "Tuần lễ vải thiều Lục Ngạn" in page.content.decode()


def test_each_visitor_gets_their_own_csrf_token_and_it_works(shop):
    from django.test import Client

    url = shop.honey.get_absolute_url()
    Client().get(url)  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url)
    assert hit(page)
    html = page.content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert visitor.cookies["csrftoken"].value
    added = visitor.post(
        reverse("basket:add", kwargs={"pk": shop.honey.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert added.status_code == 302  # not 403: the token matches this visitor's cookie


def test_no_response_carries_another_visitors_csp_nonce(client, shop):
    """Storefront pages run no inline script (theme/js/ui.js instead): no nonce in the policy or
    the page, stored or served, so none is shared between visitors."""
    url = shop.honey.get_absolute_url()
    for _ in range(3):
        response = client.get(url)
        html = response.content.decode()
        assert pagecache.NONCE_PLACEHOLDER not in html and 'nonce="' not in html
        assert "'nonce-" not in response["Content-Security-Policy"]
    assert hit(response)


def test_a_signed_in_visitor_is_never_served_nor_stored(client, shop, django_user_model):
    url = shop.honey.get_absolute_url()
    user = django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026", first_name="Lan")
    client.force_login(user)
    client.get(url)
    assert not hit(client.get(url))
    client.logout()
    client.cookies.clear()
    assert not hit(client.get(url))  # nothing was stored for the signed-in visitor


def test_a_visitor_with_a_basket_gets_their_own_page(client, shop):
    url = shop.honey.get_absolute_url()
    client.get(url)
    client.post(reverse("basket:add", kwargs={"pk": shop.honey.pk}), {"quantity": 1})
    page = client.get(url)
    assert not hit(page)


def test_languages_are_kept_apart(client, shop):
    url = "/catalogue/"
    client.get(url)
    assert hit(client.get(url)) and 'lang="vi"' in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url)
    assert not hit(english) and 'lang="en"' in english.content.decode()
    assert hit(client.get(url))


def test_pages_are_kept_a_minute_at_most(client, shop_points):
    with time_machine.travel("2026-12-02 09:00:00+07:00", tick=False) as clock:
        client.get("/sales-points/")
        served = []
        for _ in range(12):  # every 5 seconds for a minute
            clock.shift(5)
            served.append(hit(client.get("/sales-points/")))
    # Kept until its own minute turns (at a second of its own), then made again once.
    assert served.count(False) == 1, served


def test_pages_and_pieces_turn_their_minutes_at_seconds_of_their_own():
    """Not every page and piece of the site is made again in the same second."""
    names = [("vi", "https", "testserver", f"/catalogue/?page={n}") for n in range(200)]
    turns = {}
    with time_machine.travel("2026-12-02 09:00:00+07:00", tick=False) as clock:
        before = {name: pagecache.window(*name) for name in names}
        for second in range(1, 61):
            clock.shift(1)
            for name in names:
                if pagecache.window(*name) != before[name]:
                    turns.setdefault(name, second)
    assert len(turns) == len(names)  # each turns once a minute…
    assert len(set(turns.values())) > 40  # …at its own second


def test_errors_and_post_are_never_stored(client, shop):
    client.get("/catalogue/khong-co-san-pham-nay_999999/")
    assert not hit(client.get("/catalogue/khong-co-san-pham-nay_999999/"))


def test_off_when_page_cache_is_false(client, shop, settings):
    settings.PAGE_CACHE = False
    client.get("/catalogue/")
    assert not hit(client.get("/catalogue/"))


def test_a_stored_page_is_served_as_the_page_itself_was(shop, settings):
    """Served before the session, locale, common and CSRF middleware run, a stored page carries
    what they gave the page it was made from: language and caching headers, its length, the
    security headers, and a CSRF cookie for a visitor who has none yet."""
    from django.test import Client

    url = shop.honey.get_absolute_url()
    made = Client().get(url)
    served = Client().get(url)
    assert not hit(made) and hit(served)
    for header in ("Content-Type", "Content-Language", "Vary", "X-Content-Type-Options", "Referrer-Policy"):
        assert served[header] == made[header], header
    assert "Content-Security-Policy" in served and "X-Frame-Options" in served
    assert int(served["Content-Length"]) == len(served.content)
    assert served.cookies[settings.CSRF_COOKIE_NAME].value


def test_hosts_are_kept_apart_and_an_unknown_host_is_refused(shop, settings):
    """A page's absolute links are made from its host: each host has its own stored page, and a
    host outside ALLOWED_HOSTS gets a 400, never a stored page."""
    from django.test import Client

    settings.ALLOWED_HOSTS = ["ocop.example.vn", "www.ocop.example.vn"]
    url = shop.honey.get_absolute_url()
    Client(HTTP_HOST="ocop.example.vn").get(url)
    assert hit(Client(HTTP_HOST="ocop.example.vn").get(url))
    assert not hit(Client(HTTP_HOST="www.ocop.example.vn").get(url))
    assert Client(HTTP_HOST="evil.example.com").get(url).status_code == 400


def test_a_form_in_a_kept_piece_never_keeps_a_visitors_token(rf, settings):
    """``{% contentcache %}`` renders ``{% csrf_token %}`` as the placeholder (a kept token would be
    served to every visitor — and a masked token gives away its secret) and has the middleware
    put each visitor's own token in its place."""
    from django.http import HttpResponse
    from django.template import engines
    from django.test import Client

    template = engines["django"].from_string(
        '{% load content_cache %}{% contentcache "form" %}'
        '<form method="post">{% csrf_token %}</form>{% endcontentcache %}'
    )
    for _ in range(2):  # rendered, then taken from the cache
        request = rf.get("/")
        html = template.render({}, request)
        assert pagecache.CSRF_PLACEHOLDER in html and request._page_cache_fill

    settings.PAGE_CACHE = False  # filled on every response, cached page or not
    visitor = Client()
    visitor.get("/accounts/login/")
    request = rf.get("/")
    request.COOKIES = {settings.CSRF_COOKIE_NAME: visitor.cookies[settings.CSRF_COOKIE_NAME].value}
    middleware = pagecache.PageCacheMiddleware(lambda r: HttpResponse(template.render({}, r)))
    html = middleware(request).content.decode()
    assert pagecache.CSRF_PLACEHOLDER not in html and 'name="csrfmiddlewaretoken"' in html


def test_the_process_keeps_a_bounded_copy_of_what_it_read_or_stored():
    from django.core.cache import cache

    near = pagecache.NearCache(max_bytes=100)
    near.set_many({"card:1": "x" * 40, "card:2": "y" * 40}, 60)
    assert cache.get("card:1") == "x" * 40  # stored in the shared cache too
    cache.clear()
    assert near.get_many(["card:1", "card:2"]) == {"card:1": "x" * 40, "card:2": "y" * 40}  # the copy
    cache.set("card:3", "z" * 40)
    assert near.get_many(["card:3"]) == {"card:3": "z" * 40}  # read from the shared cache and kept…
    assert near.get("card:1") is None and near.get("card:3") == "z" * 40  # …after starting again empty
    assert near.size == 40


def test_kept_data_is_answered_by_the_process_a_fresh_copy_each_time_until_the_generation_changes():
    """A piece of data (a list, a model instance) is kept in the process as its pickle: no round
    trip to the shared cache, and a request that changes its copy changes nobody else's."""
    from django.core.cache import cache

    made = []

    def make():
        made.append(1)
        return {"ids": [1, 2, 3]}

    first = pagecache.kept("piece", 7, make=make, clock=pagecache.DAY)
    first["ids"].append(99)  # what a view might do with its copy
    assert len(pagecache.near.entries) == 1
    cache.delete_many(list(pagecache.near.entries))  # the shared cache loses it: no matter
    second = pagecache.kept("piece", 7, make=make, clock=pagecache.DAY)
    assert second == {"ids": [1, 2, 3]} and second is not pagecache.kept("piece", 7, make=make, clock=pagecache.DAY)
    assert len(made) == 1
    assert pagecache.kept("piece", 8, make=lambda: None, clock=pagecache.DAY) is None
    assert pagecache.kept("piece", 8, make=make, clock=pagecache.DAY) is None  # "there is none", kept
    pagecache.bump()
    assert pagecache.kept("piece", 7, make=make, clock=pagecache.DAY) == {"ids": [1, 2, 3]} and len(made) == 2


def test_a_piece_kept_for_the_day_is_made_again_when_the_day_turns(client, admin_units, home_page):
    """Pieces that show only what holds today (``clock=DAY``) are kept across minutes, but a
    certificate whose last valid day has passed shows as expired from local midnight — with no
    sync nor nightly job to announce it."""
    local = ZoneInfo("Asia/Ho_Chi_Minh")
    product = ProductFactory(title="Chè Tân Cương đặc biệt")
    certificate = certify(product, decision_date=datetime.date(2025, 1, 2), valid_until=datetime.date(2026, 12, 10))
    url = reverse("certification:verify", kwargs={"code": certificate.code})
    expired = "Hết hiệu lực từ ngày 11/12/2026"
    with time_machine.travel(datetime.datetime(2026, 12, 10, 8, 0, tzinfo=local), tick=False):
        assert expired not in client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 10, 23, 59, tzinfo=local), tick=False):
        key = pagecache.content_key("certificate-check", certificate.code, clock=pagecache.DAY)
        assert pagecache.near.get(key) is not None  # the morning's piece, still kept
        assert expired not in client.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 11, 0, 0, 30, tzinfo=local), tick=False):
        assert expired in client.get(url).content.decode()
