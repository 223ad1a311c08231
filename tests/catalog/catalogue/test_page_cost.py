"""A product page is cheap: no writes while it is read (views are counted in the cache and moved
to the database by a periodic task), and product cards are rendered once and reused."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.catalogue.tasks import flush_product_views
from tests.factories import ProductFactory, certify
from tests.queries import writes

ProductRecord = get_model("analytics", "ProductRecord")

pytestmark = pytest.mark.django_db


def writes_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return writes(queries)


def test_viewing_a_product_page_writes_nothing(client, home_page):
    product = ProductFactory(price=120000)
    assert writes_of(client, product.get_absolute_url()) == []
    assert writes_of(client, product.get_absolute_url()) == []
    assert "sessionid" not in client.cookies


def test_views_are_counted_in_the_cache_and_flushed_to_the_product_record(client, home_page):
    product, other = ProductFactory(price=120000), ProductFactory(price=90000)
    for _ in range(3):
        client.get(product.get_absolute_url())
    client.get(other.get_absolute_url())
    assert not ProductRecord.objects.exists()
    assert flush_product_views.delay().get() == 4
    assert ProductRecord.objects.get(product=product).num_views == 3
    assert ProductRecord.objects.get(product=other).num_views == 1
    assert flush_product_views.delay().get() == 0  # the counters were emptied
    client.get(product.get_absolute_url())
    flush_product_views.delay()
    assert ProductRecord.objects.get(product=product).num_views == 4  # added to the record's count


def test_a_failed_flush_gives_the_views_back(client, home_page, monkeypatch):
    from catalog.catalogue import viewcount

    product = ProductFactory(price=120000)
    client.get(product.get_absolute_url())
    client.get(product.get_absolute_url())

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(viewcount.ProductRecord.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        viewcount.flush()
    monkeypatch.undo()
    assert viewcount.flush() == 2
    assert ProductRecord.objects.get(product=product).num_views == 2


# --- Product cards, rendered once and reused -----------------------------------------------------


def card_of(client, product, path="/catalogue/"):
    html = client.get(path).content.decode()
    cards = [
        c
        for c in re.findall(r'<article class="product-card">.*?</article>', html, re.S)
        if product.get_absolute_url() in c
    ]
    assert len(cards) == 1, html
    return cards[0]


def test_a_card_changes_at_once_when_its_product_changes(client, home_page):
    product = ProductFactory(title="Mật ong hoa vải", price=120000)
    card = card_of(client, product)
    assert card_of(client, product) == card  # from the cache
    assert "120.000" in card and "★★★★<" in card

    record = product.stockrecords.get()
    record.price = 135000
    record.save()
    card = card_of(client, product)
    assert "135.000" in card and "120.000" not in card

    record.num_in_stock = 0
    record.save()
    card = card_of(client, product)
    assert "135.000" not in card and "Chỉ trưng bày" in card  # showcase only: nothing left to buy

    certify(product, stars=5)
    assert "★★★★★" in card_of(client, product)

    product.title = "Mật ong rừng"
    product.save()
    assert "Mật ong rừng" in card_of(client, product)


def test_english_and_vietnamese_cards_differ(client, home_page):
    product = ProductFactory(title="Mật ong hoa vải")  # no price: "showcase only", in words
    vietnamese = card_of(client, product)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = card_of(client, product)
    assert "Chỉ trưng bày" in vietnamese and "Showcase only" in english
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert card_of(client, product) == vietnamese


def test_no_visitor_gets_another_visitors_csrf_token(client, home_page):
    ProductFactory(price=120000)
    first, second = Client(), Client()
    pages = [first.get("/catalogue/").content.decode(), second.get("/catalogue/").content.decode()]
    for visitor, html in zip((first, second), pages, strict=True):
        assert "csrfmiddlewaretoken" not in "".join(
            re.findall(r'<article class="product-card">.*?</article>', html, re.S)
        )
        secret = (
            visitor.cookies[settings.CSRF_COOKIE_NAME].value if settings.CSRF_COOKIE_NAME in visitor.cookies else None
        )
        for token in re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html):
            assert _unmask_cipher_token(token) == secret


def test_cached_cards_add_no_query_to_a_listing_page(client, home_page):
    for n in range(5):
        ProductFactory(price=100000 + n)
    with CaptureQueriesContext(connection) as cold:
        client.get("/catalogue/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/catalogue/")
    assert len(warm) < len(cold)  # cached cards: no pictures or stock records to prefetch


def test_a_warm_listing_page_loads_no_product_for_its_cards(client, home_page):
    for n in range(5):
        ProductFactory(price=100000 + n)
    client.get("/catalogue/")
    with CaptureQueriesContext(connection) as warm:
        html = client.get("/catalogue/").content.decode()
    assert html.count('<article class="product-card">') == 5
    # Which products are listed is kept a minute under the generation, and no product is loaded
    # for a card taken from the cache.
    assert not [q for q in warm if '"catalogue_product"."title"' in q["sql"]]
    assert not [q for q in warm if "catalogue_productimage" in q["sql"] or "partner_stockrecord" in q["sql"]]


# --- The product page's own data, kept under the listing generation ------------------------------


def test_a_product_page_shows_a_change_of_its_product_at_once(client, home_page):
    product = ProductFactory(title="Mật ong hoa vải", price=120000)
    url = product.get_absolute_url()
    assert "120.000" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert not [q for q in warm if '"catalogue_product"."description"' in q["sql"]]  # kept, not asked again

    record = product.stockrecords.get()
    record.price = 135000
    record.save()
    html = client.get(url).content.decode()
    assert "135.000" in html and "120.000" not in html

    product.description = "<p>Mật ong từ rừng vải thiều Lục Nam.</p>"
    product.save()
    assert "rừng vải thiều Lục Nam" in client.get(url).content.decode()

    certificate = product.certificate
    certificate.status = "revoked"
    certificate.save()
    assert client.get(url).status_code == 410  # delisted at once: the page says why


def test_the_producers_recommendations_are_shown_through_the_listing_rule(client, home_page):
    ProductRecommendation = get_model("catalogue", "ProductRecommendation")
    product = ProductFactory(title="Mật ong hoa vải", price=120000)
    kept = ProductFactory(title="Mật ong bạc hà", producer=product.producer, price=150000)
    delisted = ProductFactory(title="Sáp ong thu hồi", producer=product.producer, price=90000)
    ProductRecommendation.objects.create(primary=product, recommendation=kept, ranking=2)
    ProductRecommendation.objects.create(primary=product, recommendation=delisted, ranking=1)
    delisted.certificate.status = "revoked"
    delisted.certificate.save()

    html = client.get(product.get_absolute_url()).content.decode()
    section = re.search(r'<section class="related" aria-labelledby="related-recommended">.*?</section>', html, re.S)
    assert section, html
    assert f"{product.producer.name} giới thiệu thêm" in section.group(0)
    assert kept.get_absolute_url() in section.group(0)
    assert delisted.get_absolute_url() not in html


# --- The product page, kept in pieces per product version ----------------------------------------


def test_the_product_page_changes_at_once_and_keeps_each_visitors_own_parts(home_page, django_user_model):
    product = ProductFactory(title="Mật ong hoa vải", price=120000)
    url = product.get_absolute_url()
    visitor = Client(enforce_csrf_checks=True)
    for made in (True, False):  # rendered, then its pieces from the cache
        response = visitor.get(url)
        html = response.content.decode()
        assert "Mật ong hoa vải" in html and "120.000" in html and "Edit this product" not in html
        assert ("oscar/catalogue/partials/price_box.html" in [t.name for t in response.templates]) is made
    record = product.stockrecords.get()
    record.price = 135000
    record.save()
    product.title = "Mật ong rừng"
    product.save()
    html = visitor.get(url).content.decode()
    assert "Mật ong rừng" in html and "135.000" in html and "120.000" not in html

    staff = django_user_model.objects.create_user("vanphong", "vp@ocop.local", "mat-khau-dai-2026", is_staff=True)
    office = Client()
    office.force_login(staff)
    staff_page = office.get(url).content.decode()
    assert "Sửa sản phẩm<" in staff_page
    html = visitor.get(url).content.decode()  # the staff link is never in a kept piece
    assert "Sửa sản phẩm<" not in html

    # The basket form (kept for visitors not signed in) carries the visitor's own token, which works.
    token = re.search(r'id="add_to_basket_form".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S).group(1)
    added = visitor.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert added.status_code == 302


def test_the_header_counts_the_visitors_basket(client, home_page, django_user_model):
    product = ProductFactory(title="Mật ong hoa vải", price=120000)
    badge = re.compile(r'class="basket-link">[^<]*<span class="badge badge-light">(\d+)</span>')
    assert badge.search(client.get("/catalogue/").content.decode()).group(1) == "0"
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    assert badge.search(client.get("/catalogue/").content.decode()).group(1) == "2"  # the basket cookie's
    user = django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026")
    client.force_login(user)  # the cookie's basket becomes the user's
    assert badge.search(client.get("/catalogue/").content.decode()).group(1) == "2"
    client.cookies.pop(settings.OSCAR_BASKET_COOKIE_OPEN, None)
    assert badge.search(client.get(product.get_absolute_url()).content.decode()).group(1) == "2"


def test_a_rejected_add_to_basket_is_shown_again_to_its_visitor_only(client, home_page):
    """Oscar keeps a rejected "add to basket" in the visitor's session and shows the form again
    with it: that visitor's price box is their own then, not the kept one."""
    product = ProductFactory(title="Mật ong hoa vải", price=120000)
    url = product.get_absolute_url()
    quantity = re.compile(r'id="add_to_basket_form".*?name="quantity" value="(\d+)"', re.S)
    assert quantity.search(client.get(url).content.decode()).group(1) == "1"  # the kept box
    rejected = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 0}, HTTP_REFERER=url)
    assert rejected.status_code == 302
    html = client.get(url).content.decode()
    assert quantity.search(html).group(1) == "0"  # what they sent, with Oscar's message
    assert quantity.search(Client().get(url).content.decode()).group(1) == "1"  # another visitor's
    assert quantity.search(client.get(url).content.decode()).group(1) == "1"  # shown once
