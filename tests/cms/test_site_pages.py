"""The site's own pages and the shared parts of every page: the operator and policies in the
footer, pages in the visitor's language at one address, page search next to product search,
the home page's blocks."""

import re

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Locale
from wagtail.rich_text import RichText

from catalog.certification.models import Status
from cms.models import PolicyPage
from marketplace.salespoints.models import SalesPoint
from tests.cms.stories.conftest import story_index  # noqa: F401  (a fixture)
from tests.factories import ProducerFactory, ProductFactory, certify, published_story

pytestmark = pytest.mark.django_db


def english():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def footer(response):
    return re.search(r'<footer class="site-footer">.*?</footer>', response.content.decode(), re.S).group(0)


def test_every_page_shows_who_runs_the_site_and_its_policies(client, site_policies, featured_home_page):
    for url in ("/", "/catalogue/", "/sales-points/", "/basket/"):
        part = footer(client.get(url))
        assert "Văn phòng OCOP tỉnh Bắc Giang" in part
        assert 'href="tel:02043854123"' in part and 'href="mailto:ocop@bg.vn"' in part
        assert 'href="/chinh-sach-doi-tra/"' in part and 'href="/dieu-khoan-su-dung/"' in part


def test_the_footer_costs_no_query_once_read(client, site_policies, featured_home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/basket/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/basket/")
    assert not [q for q in warm.captured_queries if "cms_siteoperator" in q["sql"] or "cms_policypage" in q["sql"]]


def test_an_unpublished_policy_leaves_the_footer_at_once(client, site_policies, featured_home_page):
    assert 'href="/chinh-sach-doi-tra/"' in footer(client.get("/"))
    PolicyPage.objects.get(slug="chinh-sach-doi-tra").unpublish()
    assert 'href="/chinh-sach-doi-tra/"' not in footer(client.get("/"))
    assert client.get("/chinh-sach-doi-tra/").status_code == 404
    site_policies.hotline = "1900 1234"
    site_policies.save()
    assert "1900 1234" in footer(client.get("/"))


def test_a_policy_page_reads_well(client, site_policies):
    page = PolicyPage.objects.get(slug="chinh-sach-doi-tra")
    page.body = [("paragraph", RichText('<p>Đổi trong 7 ngày.</p><script>alert(1)</script><p onclick="x()">b</p>'))]
    page.save_revision().publish()
    html = client.get("/chinh-sach-doi-tra/").content.decode()
    assert "Đổi trong 7 ngày." in html
    assert "alert(1)" not in html and "onclick" not in html
    assert re.search(r'<link rel="canonical" href="[^"]*/chinh-sach-doi-tra/">', html)


# --- One address, the visitor's language ------------------------------------------------------


@pytest.fixture
def english_tree(site_policies, home_page):
    """An English locale with the tree synchronised from Vietnamese (aliases), as in the demo."""
    from wagtail_localize.models import LocaleSynchronization
    from wagtail_localize.synctree import synchronize_tree

    en, _ = Locale.objects.get_or_create(language_code="en")
    LocaleSynchronization.objects.create(locale=en, sync_from=Locale.get_default())
    synchronize_tree(Locale.get_default(), en)
    return en


def test_a_translated_page_is_shown_in_english_at_the_same_address(english_tree):
    source = PolicyPage.objects.get(slug="chinh-sach-doi-tra", locale=Locale.get_default())
    alias = PolicyPage.objects.get(translation_key=source.translation_key, locale=english_tree)
    translation = source.copy_for_translation(english_tree, alias=False) if alias is None else alias
    translation.alias_of = None
    translation.title = "Returns and refunds"
    translation.body = [("paragraph", RichText("<p>Return within 7 days.</p>"))]
    translation.save_revision().publish()

    assert "Return within 7 days." in english().get("/chinh-sach-doi-tra/").content.decode()
    assert "Chính sách đổi trả." in Client().get("/chinh-sach-doi-tra/").content.decode()
    # Not yet translated: the Vietnamese text, at the same address, for English visitors too.
    assert "Điều khoản sử dụng." in english().get("/dieu-khoan-su-dung/").content.decode()


def test_a_page_missing_from_the_english_tree_is_found_in_vietnamese(english_tree, home_page):
    home_page.add_child(
        instance=PolicyPage(
            title="Giới thiệu", slug="gioi-thieu", body=[("paragraph", RichText("<p>Về chúng tôi.</p>"))]
        )
    )  # added without the admin: no alias in the English tree
    assert "Về chúng tôi." in english().get("/gioi-thieu/").content.decode()
    assert english().get("/khong-co/").status_code == 404


# --- Page search ---------------------------------------------------------------------------------


def test_the_product_search_also_finds_pages_without_diacritics(client, site_policies, admin_units):
    from django.core.management import call_command

    call_command("wagtail_update_index", verbosity=0)
    html = client.get("/search/", {"q": "chinh sach doi tra"}).content.decode()
    section = re.search(r'class="page-results".*?</section>', html, re.S).group(0)
    assert 'href="/chinh-sach-doi-tra/"' in section and "/dieu-khoan-su-dung/" not in section
    assert 'class="page-results"' not in client.get("/search/", {"q": "khong co trang nao"}).content.decode()


def test_found_pages_are_cached_and_a_new_or_unpublished_page_counts_at_once(client, site_policies, home_page):
    def found(q):
        html = client.get("/search/", {"q": q}).content.decode()
        section = re.search(r'class="page-results".*?</section>', html, re.S)
        return section.group(0) if section else ""

    assert "/chinh-sach-bao-mat/" not in found("chinh sach")
    privacy = home_page.add_child(
        instance=PolicyPage(
            title="Chính sách bảo mật", slug="chinh-sach-bao-mat", body=[("paragraph", RichText("<p>Bảo mật.</p>"))]
        )
    )
    assert 'href="/chinh-sach-bao-mat/"' in found("chinh sach")  # not the answer cached before it
    privacy.unpublish()
    assert "/chinh-sach-bao-mat/" not in found("chinh sach")


# --- Stories on the producer's page, home blocks ------------------------------------------------


def test_the_producer_page_shows_its_stories(client, story_index, admin_units):  # noqa: F811
    product = ProductFactory(price=90000)
    other = ProductFactory(producer=ProducerFactory())
    story = published_story(product, title="Mùa vải Lục Ngạn")
    published_story(other, title="Chè Tân Cương")
    html = client.get(product.producer.get_absolute_url()).content.decode()
    assert story.url in html and "Mùa vải Lục Ngạn" in html and "Chè Tân Cương" not in html


def test_home_blocks_show_stories_and_the_sales_points(client, home_page, story_index, admin_units):  # noqa: F811
    from marketplace.adminunits.models import LegacyDistrict
    from tests.factories import SalesPointFactory

    product = ProductFactory(price=90000)
    published_story(product, title="Mùa vải Lục Ngạn")
    district = LegacyDistrict.objects.get(code="218")
    SalesPointFactory(legacy_district=district, latitude=21.30, longitude=106.38)
    SalesPointFactory(legacy_district=district, latitude=21.25, longitude=106.60)
    home_page.body = [
        ("stories", {"title": "Câu chuyện sản phẩm", "count": 3}),
        ("sales_points", {"title": "Điểm bán", "text": "Mua tận nơi."}),
    ]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Mùa vải Lục Ngạn" in html and 'href="/cau-chuyen-san-pham/"' in html
    assert SalesPoint.objects.active().count() == 2
    # A dot per place with points (two here, apart): zero-length strokes of one path.
    dots = re.search(r'<path class="points-teaser__dots" d="([^"]*)"', html).group(1)
    assert re.fullmatch(r"(M\d+ \d+h0){2}", dots) and 'href="/sales-points/"' in html


def test_featured_products_from_one_province(client, home_page, admin_units):
    from marketplace.adminunits.models import LegacyProvince

    bac_giang = ProductFactory(
        title="Vải thiều Lục Ngạn", producer=ProducerFactory(legacy_province=LegacyProvince.objects.get(code="24"))
    )
    elsewhere = ProductFactory(
        title="Chè Tân Cương", producer=ProducerFactory(legacy_province=LegacyProvince.objects.get(code="19"))
    )
    revoked = ProductFactory(
        title="Gà đồi Yên Thế", producer=ProducerFactory(legacy_province=LegacyProvince.objects.get(code="24"))
    )
    certify(revoked, stars=4, status=Status.REVOKED)
    home_page.body = [
        ("featured_products", {"title": "Bắc Giang", "rule": "newest", "province": "24", "products": [], "count": 8})
    ]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert bac_giang.title in html and elsewhere.title not in html and revoked.title not in html


def test_the_composed_home_page_in_constant_queries(client, home_page, story_index, admin_units):  # noqa: F811
    """Every block of the demo's home page; more news, fairs, sessions and stories cost nothing more."""
    from catalog.demo.loader import compose_home_page
    from tests.cms.fairs.conftest import add_fair, make_index
    from tests.cms.live.conftest import live_session
    from tests.factories import published_news

    products = [ProductFactory(title=f"Mật ong Lục Nam {n}", price=90000) for n in range(6)]
    home_page.body = []
    home_page.save()
    compose_home_page()
    fairs = make_index(home_page)

    def one_more(n):
        published_news(f"Tin OCOP số {n}", products=products[:2])
        add_fair(
            fairs, f"Hội chợ số {n}", starts_in=n + 1, exhibitors=[(products[n].producer, f"A-{n}", [products[n]])]
        )
        live_session(f"Livestream số {n}", products=products[:3])
        published_story(products[n], title=f"Câu chuyện số {n}")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one_more(0)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(1, 4):
        one_more(n)
    client.get("/")
    with CaptureQueriesContext(connection) as four:
        html = client.get("/").content.decode()
    assert "Tin OCOP số 3" in html and "Câu chuyện số 3" in html
    assert "Hội chợ số 2" in html and "Hội chợ số 3" not in html  # the three soonest fairs
    assert len(four) <= len(one), [q["sql"][:120] for q in four.captured_queries]
    assert len(four) <= 40
