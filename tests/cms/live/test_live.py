"""Live-selling sessions as visitors and editors meet them: /livestream/ (live now, coming up,
past), a session's page before, during and after the broadcast, the products it presents
(through the listing rule), the product pages that announce it, its schema.org Event, and the
editor's form that refuses unsafe links and impossible times."""

import datetime
import json
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from catalog.certification.models import Status
from cms.live.blocks import LiveSessionsBlock
from cms.live.models import LiveSessionPage, LiveSessionProduct
from tests.factories import ProductFactory

from .conftest import live_index, live_session, vn

pytestmark = pytest.mark.django_db
INDEX = "/livestream/"
HOURS = datetime.timedelta(hours=1)
DAYS = datetime.timedelta(days=1)


def html_of(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def event_of(html):
    """The schema.org data of a page, parsed (every ld+json script of it)."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def now():
    return timezone.now().replace(microsecond=0)


# --- Status -------------------------------------------------------------------------------------


def test_status_changes_at_the_exact_start_and_end(index):
    session = live_session(starts_at=vn(2027, 3, 10, 20, 0), hours=2)
    second = datetime.timedelta(seconds=1)
    expected = [
        (vn(2027, 3, 10, 20, 0) - second, "Sắp diễn ra"),
        (vn(2027, 3, 10, 20, 0), "Đang phát trực tiếp"),
        (vn(2027, 3, 10, 22, 0) - second, "Đang phát trực tiếp"),
        (vn(2027, 3, 10, 22, 0), "Đã kết thúc"),
    ]
    for moment, label in expected:
        with time_machine.travel(moment, tick=False):
            page = html_of(session.url)
            assert f"live-badge--{session.status}" in page and label in page, moment
            assert label in html_of(INDEX)


def test_times_are_shown_in_vietnam_time_dd_mm_yyyy(index):
    session = live_session(starts_at=datetime.datetime(2027, 3, 10, 13, 0, tzinfo=datetime.UTC), hours=2)
    html = html_of(session.url)
    assert "10/03/2027 20:00" in html and "22:00" in html
    assert "10/03/2027 20:00" in html_of(INDEX)


# --- /livestream/ -------------------------------------------------------------------------------


def test_the_index_lists_live_then_coming_up_then_past_sessions(index):
    t = now()
    live_session("Buổi sau ba ngày", starts_at=t + 3 * DAYS)
    live_session("Buổi ngày mai", starts_at=t + DAYS)
    live_session("Buổi tuần trước", starts_at=t - 7 * DAYS)
    live_session("Buổi đang phát", starts_at=t - HOURS, hours=2)
    live_session("Buổi hôm qua", starts_at=t - DAYS)
    live_session("Bản nháp", starts_at=t + 2 * DAYS, live=False)
    html = html_of(INDEX)
    order = ["Buổi đang phát", "Buổi ngày mai", "Buổi sau ba ngày", "Buổi hôm qua", "Buổi tuần trước"]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Bản nháp" not in html
    assert html.count("Đang phát trực tiếp") == 1 and html.count("Sắp diễn ra") == 2
    assert html.count("Đã kết thúc") == 2


def test_a_card_says_when_where_and_who(index, two_producers):
    live_session(
        "Chè Tân Cương lên sóng",
        starts_at=vn(2099, 1, 5, 20, 0),
        platform_url="https://www.tiktok.com/@ocopthainguyen/live",
        host_name="Trung tâm Xúc tiến thương mại tỉnh Thái Nguyên",
        producer=two_producers.b,
    )
    html = html_of(INDEX)
    card = html[html.index('class="live-card') :]
    card = card[: card.index("</article>")]
    for text in ("05/01/2099 20:00", "TikTok", "Trung tâm Xúc tiến thương mại tỉnh Thái Nguyên", "Chè Tân Cương"):
        assert text in card
    assert "Sắp diễn ra" in card


def test_past_sessions_come_page_by_page_and_hostile_pages_are_harmless(index):
    t = now()
    live_session("Sắp tới", starts_at=t + DAYS)
    for n in range(13):
        live_session(f"Buổi cũ số {n}", starts_at=t - (n + 1) * DAYS)
    first = html_of(INDEX)
    assert "Sắp tới" in first and "Buổi cũ số 0<" in first and "Buổi cũ số 12" not in first
    assert "Trang 1 / 2" in first
    second = html_of(INDEX + "?page=2")
    assert "Buổi cũ số 12" in second and "Buổi cũ số 0<" not in second and "Sắp tới" not in second
    for hostile in ("abc", "0", "-1", "99999999999999999999", "9" * 5000, "\x00"):
        assert Client().get(INDEX, {"page": hostile}).status_code == 200


def test_an_empty_index_says_so(index):
    assert "Hiện chưa có buổi livestream nào" in html_of(INDEX)


def test_the_index_in_constant_queries(index, django_assert_max_num_queries):
    t = now()
    live_session("Buổi một", starts_at=t + DAYS)
    live_session("Buổi hai", starts_at=t - DAYS)
    client = Client()
    client.get(INDEX)
    with django_assert_max_num_queries(40) as baseline:
        client.get(INDEX)
    baseline = len(baseline)
    image = get_image_model().objects.create(title="Ảnh bìa", file=get_test_image_file())
    for n in range(6):
        live_session(f"Buổi có ảnh {n}", starts_at=t + (n + 2) * DAYS, cover_image=image)
        live_session(f"Buổi cũ có ảnh {n}", starts_at=t - (n + 2) * DAYS, cover_image=image)
    client.get(INDEX)  # makes the card renditions once
    with django_assert_max_num_queries(baseline + 2):  # the covers' renditions, twice (current, past)
        html = client.get(INDEX).content.decode()
    assert html.count('class="live-card__image"') == 12


# --- A session's page ---------------------------------------------------------------------------


def test_a_coming_up_session_links_to_the_platform_and_sells_its_products(index, two_producers):
    session = live_session(
        starts_at=vn(2099, 1, 5, 20, 0),
        producer=two_producers.a,
        products=[two_producers.product_a, two_producers.bare_a],
    )
    html = html_of(session.url)
    assert "Xem trên Facebook" in html and 'href="https://www.facebook.com/ocopbacgiang/live"' in html
    assert "Buổi phát trực tiếp bắt đầu lúc 20:00 ngày 05/01/2099" in html
    assert "Mật ong hoa vải Lục Nam" in html and "250.000" in html and "Mật ong bạc hà Lục Nam" in html
    assert "Văn phòng Điều phối NTM tỉnh Bắc Giang" in html and two_producers.a.get_absolute_url() in html
    assert "<iframe" not in html  # a link, no third-party player


def test_an_ended_session_offers_the_recording_and_still_sells(index, two_producers):
    session = live_session(
        starts_at=now() - 7 * DAYS,
        products=[two_producers.product_a],
        replay_url="https://www.youtube.com/watch?v=ocop2026",
    )
    html = html_of(session.url)
    assert "Buổi phát trực tiếp đã kết thúc, hãy xem lại bản ghi." in html
    assert "Xem lại trên YouTube" in html and 'href="https://www.youtube.com/watch?v=ocop2026"' in html
    assert "250.000" in html
    session.replay_url = ""
    session.save_revision().publish()
    html = html_of(session.url)
    assert "Xem lại trên Facebook" in html and 'href="https://www.facebook.com/ocopbacgiang/live"' in html


def test_featured_products_show_only_while_listable(index, two_producers):
    product = two_producers.product_a
    session = live_session(starts_at=now() + DAYS, products=[product, two_producers.product_b])
    assert "Mật ong hoa vải Lục Nam" in html_of(session.url)
    certificate = product.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    html = html_of(session.url)
    assert "250.000" not in html
    assert "Mật ong hoa vải Lục Nam" not in html and "Chè búp Tân Cương" in html
    offers = event_of(html)[0]["offers"]
    assert [offer["name"] for offer in offers] == ["Chè búp Tân Cương"]


def test_the_session_page_in_constant_queries(index, two_producers, django_assert_max_num_queries):
    session = live_session(starts_at=now() + DAYS, products=[two_producers.product_a])
    client = Client()
    client.get(session.url)
    with django_assert_max_num_queries(60) as baseline:
        client.get(session.url)
    baseline = len(baseline)
    more = [ProductFactory(title=f"Vải thiều Lục Nam {n}", price=90000) for n in range(5)]
    for product in more:
        session.featured_products.add(LiveSessionProduct(product=product))
    session.save_revision().publish()
    client.get(session.url)  # publishing refreshes the menu's cached sections (cms/operator.py)
    with django_assert_max_num_queries(baseline):
        html = client.get(session.url).content.decode()
    assert html.count('class="product-card"') == 6


def test_the_event_data_for_search_engines(index, two_producers):
    image = get_image_model().objects.create(title="Ảnh bìa", file=get_test_image_file())
    session = live_session(
        starts_at=vn(2099, 1, 5, 20, 0),
        hours=2,
        producer=two_producers.a,
        cover_image=image,
        products=[two_producers.product_a, two_producers.bare_a],
    )
    html = html_of(session.url)
    (event,) = event_of(html)
    assert event["@type"] == "Event" and event["name"] == session.title and event["url"].endswith(session.url)
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://www.facebook.com/ocopbacgiang/live"}
    assert event["startDate"] == "2099-01-05T20:00:00+07:00" and event["endDate"] == "2099-01-05T22:00:00+07:00"
    assert [o["name"] for o in event["organizer"]] == ["Văn phòng Điều phối NTM tỉnh Bắc Giang", two_producers.a.name]
    assert event["image"][0].startswith("http") and "og:image" in html
    (offer,) = event["offers"]  # the showcase-only product has no price: no offer
    assert offer["price"] == "250000" and offer["priceCurrency"] == "VND"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["url"].endswith(two_producers.product_a.get_absolute_url())


def test_no_event_data_on_a_preview(index):
    session = live_session(starts_at=now() + DAYS)
    html = session.make_preview_request().render().content.decode()
    assert session.title in html and "application/ld+json" not in html and 'content="noindex"' in html


def test_the_sitemap_lists_published_sessions(index):
    published = live_session("Đã đăng", starts_at=now() + DAYS)
    draft = live_session("Bản nháp thôi", starts_at=now() + DAYS, live=False)
    xml = html_of("/sitemap.xml")
    assert published.url in xml and INDEX in xml and draft.url not in xml


# --- On the product's page ----------------------------------------------------------------------


def test_the_product_page_announces_live_and_coming_up_sessions_not_ended_ones(index, two_producers):
    product = two_producers.product_a
    t = now()
    live_session("Đang phát mật ong", starts_at=t - HOURS, products=[product])
    live_session("Ngày mai mật ong", starts_at=t + DAYS, products=[product])
    live_session("Đã xong mật ong", starts_at=t - 3 * DAYS, products=[product])
    live_session("Chè thôi", starts_at=t + DAYS, products=[two_producers.product_b])
    html = html_of(product.get_absolute_url())
    assert html.index("Đang phát mật ong") < html.index("Ngày mai mật ong")
    assert "Đã xong mật ong" not in html and "Chè thôi" not in html
    assert "Đang phát trực tiếp" in html and "Sắp diễn ra" in html


def test_the_product_page_shows_nothing_without_a_session(index, two_producers):
    live_session("Đã xong", starts_at=now() - 3 * DAYS, products=[two_producers.product_a])
    assert "product-live" not in html_of(two_producers.product_a.get_absolute_url())


def test_the_product_page_in_constant_queries(index, two_producers, django_assert_max_num_queries):
    product = two_producers.product_a
    client = Client()
    client.get(product.get_absolute_url())
    with django_assert_max_num_queries(80) as baseline:
        client.get(product.get_absolute_url())
    baseline = len(baseline)
    for n in range(3):
        live_session(f"Buổi {n}", starts_at=now() + (n + 1) * DAYS, products=[product])
    client.get(product.get_absolute_url())
    with django_assert_max_num_queries(baseline + 1):  # the covers' renditions
        html = client.get(product.get_absolute_url()).content.decode()
    assert html.count('class="product-live__item"') == 3


# --- The home page's block -------------------------------------------------------------------------


def test_the_home_page_block_shows_live_and_coming_up_sessions(index):
    block = LiveSessionsBlock()
    value = block.to_python({"title": "Livestream sắp tới", "count": 2})
    assert "Hiện chưa có buổi livestream nào được lên lịch." in block.render(value)
    t = now()
    live_session("Đã xong", starts_at=t - 3 * DAYS)
    live_session("Sau ba ngày", starts_at=t + 3 * DAYS)
    live_session("Ngày mai", starts_at=t + DAYS)
    live_session("Đang phát", starts_at=t - HOURS)
    html = block.render(value)
    assert html.index("Đang phát") < html.index("Ngày mai") and "Sau ba ngày" not in html and "Đã xong" not in html
    assert 'href="/livestream/"' in html


# --- The editor's form --------------------------------------------------------------------------


def form(product, **fields):
    data = {
        "title": "Livestream: Vải thiều Lục Nam vào mùa",
        "slug": "vai-thieu-luc-nam",
        "starts_at": "2099-06-10 20:00",
        "ends_at": "2099-06-10 22:00",
        "platform_url": "https://www.facebook.com/ocopbacgiang/live",
        "host_name": "Văn phòng Điều phối NTM tỉnh Bắc Giang",
        "intro": "Vải thiều chín sớm, giá tại vườn.",
        "replay_url": "",
        "body": streamfield([]),
        "featured_products": inline_formset([{"product": str(product.pk)}]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def add_url(index):
    return f"/cms-admin/pages/add/live/livesessionpage/{index.pk}/"


def test_an_editor_publishes_a_session_in_the_cms_admin(index, two_producers):
    client = Client()
    client.force_login(two_producers.staff)
    response = client.post(add_url(index), form(two_producers.product_a))
    assert response.status_code == 302, response.content.decode()[:3000]
    session = LiveSessionPage.objects.get()
    assert session.live and timezone.localtime(session.starts_at).hour == 20
    assert "Mật ong hoa vải Lục Nam" in html_of(session.url)


@pytest.mark.parametrize(
    "link, accepted",
    [
        ("https://www.facebook.com/ocopbacgiang/live", True),
        ("https://www.tiktok.com/@ocopbacgiang/live", True),
        ("https://www.youtube.com/live/abc123", True),
        ("http://www.facebook.com/ocopbacgiang/live", False),
        ("javascript:alert(1)", False),
        ("https://vimeo.com/123", False),
        ("https://evil.example/facebook.com", False),
        ("https://facebook.com.evil.example/live", False),
    ],
)
def test_the_broadcast_link_must_be_https_on_a_live_platform(index, two_producers, link, accepted):
    client = Client()
    client.force_login(two_producers.staff)
    response = client.post(add_url(index), form(two_producers.product_a, platform_url=link))
    assert (response.status_code == 302) == accepted, link
    if not accepted:
        assert "Facebook, TikTok hoặc YouTube" in response.content.decode()


def test_a_session_must_end_after_it_starts(index, two_producers):
    client = Client()
    client.force_login(two_producers.staff)
    response = client.post(add_url(index), form(two_producers.product_a, ends_at="2099-06-10 19:00"))
    assert response.status_code == 200 and "Buổi livestream phải kết thúc sau khi bắt đầu." in response.content.decode()
    assert not LiveSessionPage.objects.exists()


def test_the_replay_link_is_checked_too(index, two_producers):
    client = Client()
    client.force_login(two_producers.staff)
    data = form(two_producers.product_a, replay_url="javascript:alert(1)")
    assert client.post(add_url(index), data).status_code == 200
    assert not LiveSessionPage.objects.exists()
    assert live_index().get_children().count() == 0


# --- In the visitor's language ------------------------------------------------------------------


def test_english_visitors_see_the_translation_once_and_untranslated_sessions_in_vietnamese(index, home_page):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = live_session("Vải thiều vào mùa", starts_at=now() + DAYS)
    live_session("Chè Tân Cương", starts_at=now() + 2 * DAYS)
    home_page.copy_for_translation(english)
    index.copy_for_translation(english).save_revision().publish()
    copy = translated.copy_for_translation(english)
    copy.title = "Lychee season is here"
    copy.save_revision().publish()
    client = Client()
    client.cookies["django_language"] = "en"  # the language switcher's choice
    html = html_of(INDEX, client)
    assert "Lychee season is here" in html and "Vải thiều vào mùa" not in html and "Chè Tân Cương" in html
    assert "Coming up" in html
