"""Trade fairs as visitors meet them: the list at /hoi-cho/ (on now and upcoming first, past after),
a fair's page (dates, venue and map, registration, programme, exhibitors by booth with their
listable products), "see it at the fair" on product and producer pages while the fair is not over,
calendar files and the schema.org Event."""

import datetime
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from catalog.certification.models import Status
from cms.fairs.blocks import UpcomingFairsBlock
from cms.fairs.models import LOCAL, FairPage, current_fairs, past_fairs, upcoming_fairs
from tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

#: A fair from Thursday 10/12/2026 to Friday 11/12/2026, 08:00-21:00 every day.
FIRST_DAY, LAST_DAY = datetime.date(2026, 12, 10), datetime.date(2026, 12, 11)


def local(day, hour, minute=0, second=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute, second), tzinfo=LOCAL)


def html_of(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def queries(url, client):
    client.get(url)  # caches (site root paths, renditions) filled once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- When a fair is on -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "at, status",
    [
        (local(FIRST_DAY, 0, 0), "upcoming"),
        (local(FIRST_DAY, 7, 59, 59), "upcoming"),
        (local(FIRST_DAY, 8, 0), "on"),
        (local(FIRST_DAY, 23, 30), "on"),  # the night between two days of the fair
        (local(LAST_DAY, 20, 59, 59), "on"),  # the last evening
        (local(LAST_DAY, 21, 0), "past"),
        (local(LAST_DAY, 23, 59), "past"),
    ],
)
def test_status_in_vietnam_time_around_the_boundaries(fair, at, status):
    page = fair(title="Hội chợ hai ngày", starts_on=FIRST_DAY, ends_on=LAST_DAY)
    with time_machine.travel(at, tick=False):
        assert page.status() == status
        # The lists agree with the page: what is not past is "current", in the database's terms too.
        assert (page in current_fairs()) == (status != "past")
        assert (page in past_fairs()) == (status == "past")
        html = html_of(page.url)
        assert f'class="fair-status fair-status--{status}"' in html


def test_the_last_evening_is_on_whatever_the_server_clock_says(fair):
    """20:30 in Hà Nội is 13:30 UTC: the fair is still on that evening, not over at UTC midnight."""
    page = fair(starts_on=FIRST_DAY, ends_on=LAST_DAY)
    with time_machine.travel(datetime.datetime(2026, 12, 11, 13, 30, tzinfo=datetime.UTC), tick=False):
        assert page.status() == "on"
        assert html_of("/hoi-cho/").count("fair-status--on") == 1


# --- The list ------------------------------------------------------------------------------------


def test_the_list_shows_current_fairs_soonest_first_then_past_ones_newest_first(fair):
    fair(title="Hội chợ tháng sau", starts_in=30)
    fair(title="Tuần hàng đang diễn ra", starts_in=-2, days=6)
    fair(title="Hội chợ tuần sau", starts_in=7)
    fair(title="Hội chợ năm ngoái", starts_in=-400)
    fair(title="Hội chợ tháng trước", starts_in=-30)
    fair(title="Bản nháp", starts_in=3, live=False)
    html = html_of("/hoi-cho/")
    order = [
        "Tuần hàng đang diễn ra",
        "Hội chợ tuần sau",
        "Hội chợ tháng sau",
        "Hội chợ tháng trước",
        "Hội chợ năm ngoái",
    ]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Bản nháp" not in html
    assert html.count("fair-status--on") == 1 and html.count("fair-status--upcoming") == 2
    assert html.count("fair-status--past") == 2
    assert "/hoi-cho/lich.ics" in html


def test_the_list_cards_show_dates_venue_and_district(fair):
    fair(title="Hội chợ Lục Nam", starts_on=FIRST_DAY, ends_on=LAST_DAY)
    with time_machine.travel(local(FIRST_DAY, 9), tick=False):
        html = html_of("/hoi-cho/")
    assert "10/12/2026" in html and "11/12/2026" in html
    assert "Nhà văn hoá huyện Lục Nam" in html and "Huyện Lục Nam, Tỉnh Bắc Giang" in html


def test_past_fairs_are_paged_and_any_page_number_is_answered(fair):
    for n in range(13):
        fair(title=f"Hội chợ cũ số {n}", starts_in=-100 - 10 * n, days=2)
    fair(title="Hội chợ sắp tới", starts_in=5)
    first = html_of("/hoi-cho/")
    assert "Hội chợ sắp tới" in first and "Hội chợ cũ số 0<" in first and "Hội chợ cũ số 12" not in first
    second = html_of("/hoi-cho/?page=2")
    assert "Hội chợ cũ số 12" in second and "Hội chợ sắp tới" not in second
    for hostile in ("abc", "0", "-1", "99999999999999999999", "9" * 5000, "\x00"):
        assert Client().get("/hoi-cho/", {"page": hostile}).status_code == 200


def test_the_list_costs_the_same_queries_for_3_or_15_fairs(fair, django_assert_max_num_queries):
    for n in range(3):
        fair(title=f"Hội chợ {n}", starts_in=n * 10 - 10)
    client = Client()
    few = queries("/hoi-cho/", client)
    for n in range(12):
        fair(title=f"Hội chợ thêm {n}", starts_in=n * 10 - 60)
    client.get("/hoi-cho/")
    with django_assert_max_num_queries(few):
        html = client.get("/hoi-cho/").content.decode()
    assert html.count('<article class="fair-card') == 15


# --- A fair's page -------------------------------------------------------------------------------


def test_the_fair_page_lists_exhibitors_by_booth_with_their_listable_products(fair, two_producers):
    third = ProducerFactory(name="Hợp tác xã Gà đồi Yên Thế", code="htx-ga-doi")
    page = fair(
        exhibitors=[
            (two_producers.b, "10", [two_producers.product_b]),
            (third, "A-03", []),
            (two_producers.a, "2", [two_producers.product_a, two_producers.bare_a]),
        ]
    )
    html = html_of(page.url)
    assert html.index("Gian hàng 2<") < html.index("Gian hàng 10<") < html.index("Gian hàng A-03<")
    assert two_producers.a.get_absolute_url() in html and third.get_absolute_url() in html
    assert "Mật ong hoa vải Lục Nam" in html and "250.000" in html and "Chè búp Tân Cương" in html
    assert "Hợp tác xã Gà đồi Yên Thế" in html  # a booth without products is still listed


def test_a_delisted_product_leaves_the_fair_page_and_its_booth_stays(fair, two_producers):
    page = fair(exhibitors=[(two_producers.a, "12", [two_producers.product_a])])
    assert "Mật ong hoa vải Lục Nam" in html_of(page.url)
    certificate = two_producers.product_a.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    html = html_of(page.url)
    assert "Mật ong hoa vải Lục Nam" not in html and "250.000" not in html
    assert "Hợp tác xã Mật ong Lục Nam" in html and ">12<" not in html and "12" in html


def test_the_fair_page_costs_the_same_queries_for_1_or_6_exhibitors(fair, two_producers):
    page = fair(exhibitors=[(two_producers.a, "1", [two_producers.product_a])])
    client = Client()
    few = queries(page.url, client)
    many = [(two_producers.a, "1", [two_producers.product_a, two_producers.bare_a])]
    for n in range(5):
        producer = ProducerFactory()
        many.append((producer, f"B-{n}", [ProductFactory(producer=producer, price=50000) for _ in range(3)]))
    crowded = fair(title="Hội chợ đông gian hàng", exhibitors=many)
    assert queries(crowded.url, client) <= few
    assert html_of(crowded.url).count('class="product-card"') == 17


def test_photos_show_in_a_gallery_and_as_the_sharing_image(fair):
    images = [get_image_model().objects.create(title=f"Ảnh {n}", file=get_test_image_file()) for n in range(3)]
    page = fair(photos=[("photo", {"image": image, "caption": f"Gian hàng {n}"}) for n, image in enumerate(images)])
    html = html_of(page.url)
    assert html.count("<figure>") == 3 and "Gian hàng 2" in html
    assert re.search(r'<meta property="og:image" content="http[^"]+/images/[^"]+\.fill-1200x630', html)


def test_registration_open_until_the_deadline_then_closed(fair):
    page = fair(
        starts_on=FIRST_DAY,
        ends_on=LAST_DAY,
        registration_deadline=datetime.date(2026, 12, 1),
        registration_url="https://congthuong.bacgiang.gov.vn/dang-ky-hoi-cho",
        registration_contact="Phòng Kinh tế, 0204 3882 123",
    )
    with time_machine.travel(local(datetime.date(2026, 12, 1), 22), tick=False):
        html = html_of(page.url)
        assert "https://congthuong.bacgiang.gov.vn/dang-ky-hoi-cho" in html and "0204 3882 123" in html
        assert "fair-registration--closed" not in html and "01/12/2026" in html
    with time_machine.travel(local(datetime.date(2026, 12, 2), 0, 1), tick=False):
        html = html_of(page.url)
        assert "fair-registration--closed" in html and "dang-ky-hoi-cho" not in html


def test_the_venue_without_coordinates_still_has_an_address_and_a_map_link(fair):
    page = fair(
        address="Quảng trường 3/2, thành phố Bắc Giang",
        legacy_ward_id=None,
        legacy_district_id=None,
        legacy_province_id=None,
    )
    assert not page.has_location
    html = html_of(page.url)
    assert 'id="point-map"' not in html and "leaflet.js" not in html
    assert "https://www.google.com/maps/search/?api=1&amp;query=" in html
    assert "Quảng trường 3/2" in html


def test_the_venue_takes_its_position_from_the_ward_and_the_map_works_without_javascript(fair):
    page = fair()
    assert page.location_source == "ward" and round(page.latitude, 2) == 21.31
    html = html_of(page.url)
    assert 'id="point-map"' in html and "hidden" in html  # Leaflet shows it; hidden without JavaScript
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=21.305782,106.384646" in html
    assert "openstreetmap.org/?mlat=21.305782" in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "tile.openstreetmap.org" in html


def test_typed_coordinates_win(fair):
    page = fair(latitude=21.2901, longitude=106.3801, location_source="given")
    assert (page.latitude, page.longitude) == (21.2901, 106.3801)


# --- Search engines ------------------------------------------------------------------------------


def test_the_event_json_ld(fair):
    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file())
    page = fair(starts_on=FIRST_DAY, ends_on=LAST_DAY, photos=[("photo", {"image": image, "caption": ""})])
    (data,) = json_ld(html_of(page.url))
    assert data["@type"] == "Event" and data["name"] == page.title
    assert data["startDate"] == "2026-12-10T08:00:00+07:00" and data["endDate"] == "2026-12-11T21:00:00+07:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    location = data["location"]
    assert location["@type"] == "Place" and location["name"] == "Nhà văn hoá huyện Lục Nam"
    assert location["address"]["addressCountry"] == "VN"
    assert location["address"]["addressLocality"] == "Huyện Lục Nam"
    assert location["address"]["addressRegion"] == "Tỉnh Bắc Giang"
    assert location["geo"]["latitude"] == pytest.approx(21.305782)
    assert data["organizer"]["name"] == "Sở Công Thương tỉnh Bắc Giang"
    assert data["offers"]["price"] == 0 and data["offers"]["priceCurrency"] == "VND"
    assert data["offers"]["url"].endswith(page.url) and data["image"][0].startswith("http")


def test_the_entry_fee_is_shown_and_offered(fair):
    page = fair(entry_fee=20000)
    html = html_of(page.url)
    assert "20.000 ₫" in html
    assert json_ld(html)[0]["offers"]["price"] == 20000


def test_a_hostile_title_cannot_leave_the_json_ld(fair):
    page = fair(title="Hội chợ </script><script>alert(1)</script>", slug="hoi-cho-doc")
    html = html_of(page.url)
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["name"].endswith("<script>alert(1)</script>")


def test_no_json_ld_on_a_preview(fair):
    page = fair()
    response = page.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200 and "application/ld+json" not in html and 'name="robots"' in html


def test_the_sitemap_lists_the_fairs(fair):
    page = fair()
    xml = html_of("/sitemap.xml")
    assert page.url in xml and "/hoi-cho/<" in xml


# --- Calendars -----------------------------------------------------------------------------------


def parse_calendar(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_calendar_of_all_fairs(fair):
    on = fair(title="Tuần hàng đang diễn ra", starts_in=-2, days=6)
    upcoming = fair(title="Hội chợ tháng sau", starts_in=30)
    recent = fair(title="Hội chợ tháng trước", starts_in=-30)
    fair(title="Hội chợ hai năm trước", starts_in=-730)
    cal = parse_calendar("/hoi-cho/lich.ics")
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {on.title, upcoming.title, recent.title}
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Asia/Ho_Chi_Minh"
    event = events[upcoming.title]
    start = event.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(hours=7) and start.time() == datetime.time(8, 0)
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event.decoded("DTEND") == upcoming.ends_at
    assert event.get("DTSTAMP") is not None and str(event["URL"]).endswith(upcoming.url)
    assert "Nhà văn hoá huyện Lục Nam" in str(event["LOCATION"]) and "Huyện Lục Nam" in str(event["LOCATION"])
    assert event.decoded("GEO") is not None or event["GEO"]
    assert "Hội chợ giới thiệu sản phẩm OCOP" in str(event["DESCRIPTION"])


def test_one_fair_s_calendar_and_its_stable_uid(fair):
    page = fair(title="Hội chợ OCOP Bắc Giang")
    url = f"{page.url}lich.ics"
    (event,) = parse_calendar(url).walk("VEVENT")
    uid = str(event["UID"])
    assert uid.startswith("fair-") and uid.endswith("@127.0.0.1")
    page.title = "Hội chợ OCOP tỉnh Bắc Giang (đổi tên)"
    page.save_revision().publish()
    (again,) = parse_calendar(url).walk("VEVENT")
    assert str(again["UID"]) == uid and str(again["SUMMARY"]).endswith("(đổi tên)")
    assert str(parse_calendar("/hoi-cho/lich.ics").walk("VEVENT")[0]["UID"]) == uid
    assert url in html_of(page.url)


def test_a_calendar_at_a_page_that_has_none_is_not_found(home_page, fair):
    fair()
    assert Client().get("/cau-chuyen-khong-co/lich.ics").status_code == 404
    assert Client().get("/hoi-cho/khong-co-hoi-cho-nay/lich.ics").status_code == 404


# --- "See it at the fair" ------------------------------------------------------------------------


def test_product_and_producer_pages_point_to_the_fair_while_it_is_not_over(fair, two_producers):
    product, producer = two_producers.product_a, two_producers.a
    page = fair(
        title="Hội chợ Lục Nam",
        starts_on=FIRST_DAY,
        ends_on=LAST_DAY,
        exhibitors=[(producer, "12", [product])],
    )
    for at in (local(FIRST_DAY, 7), local(LAST_DAY, 20, 59)):  # before it opens, on its last evening
        with time_machine.travel(at, tick=False):
            html = html_of(product.get_absolute_url())
            assert page.url in html and "Hội chợ Lục Nam" in html and "12" in html
            assert page.url in html_of(producer.get_absolute_url())
    with time_machine.travel(local(LAST_DAY, 21, 0), tick=False):
        assert page.url not in html_of(product.get_absolute_url())
        assert page.url not in html_of(producer.get_absolute_url())


def test_only_the_products_at_the_booth_point_to_the_fair(fair, two_producers):
    page = fair(exhibitors=[(two_producers.a, "12", [two_producers.product_a])])
    assert page.url not in html_of(two_producers.bare_a.get_absolute_url())
    assert page.url not in html_of(two_producers.product_b.get_absolute_url())
    assert page.url not in html_of(two_producers.b.get_absolute_url())


def test_a_delisted_product_does_not_point_to_the_fair(fair, two_producers):
    product = two_producers.product_a
    page = fair(exhibitors=[(two_producers.a, "12", [product])])
    assert page.url in html_of(product.get_absolute_url())
    certificate = product.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    response = Client().get(product.get_absolute_url())
    assert page.url not in response.content.decode()


def test_the_product_page_with_fairs_costs_two_queries_more_at_most(fair, two_producers):
    product = two_producers.product_a
    client = Client()
    baseline = queries(product.get_absolute_url(), client)
    for n in range(3):
        fair(title=f"Hội chợ {n}", starts_in=n, exhibitors=[(two_producers.a, f"{n + 1}", [product])])
    assert queries(product.get_absolute_url(), client) <= baseline + 2
    assert html_of(product.get_absolute_url()).count("fair-status--") == 3


# --- The home page's block -----------------------------------------------------------------------


def test_upcoming_fairs_for_the_home_page(fair):
    later = fair(title="Hội chợ tháng sau", starts_in=30)
    on = fair(title="Tuần hàng đang diễn ra", starts_in=-1, days=4)
    fair(title="Hội chợ tháng trước", starts_in=-30)
    fair(title="Hội chợ năm sau", starts_in=300)
    assert [f.pk for f in upcoming_fairs(2)] == [on.pk, later.pk]
    block = UpcomingFairsBlock()
    html = block.render(block.to_python({"title": "Hội chợ sắp diễn ra", "count": 3}))
    assert "Tuần hàng đang diễn ra" in html and "Hội chợ năm sau" in html and "Hội chợ tháng trước" not in html
    assert 'href="/hoi-cho/"' in html


# --- Editing -------------------------------------------------------------------------------------


def test_editors_choose_among_the_exhibitor_s_own_products(fair, two_producers, django_user_model):
    page = fair(exhibitors=[(two_producers.a, "12", [two_producers.product_a])])
    client = Client()
    client.force_login(two_producers.staff)
    html = html_of(f"/cms-admin/pages/{page.pk}/edit/", client)
    assert "Mật ong bạc hà Lục Nam" in html  # A's other product, offered at A's booth
    assert "Chè búp Tân Cương" not in html  # B's product is not offered
    assert 'name="province_code"' in html and 'value="24"' in html


def test_the_page_model_refuses_dates_in_the_wrong_order(fair_index):
    page = FairPage(
        title="Sai ngày",
        slug="sai-ngay",
        starts_on=LAST_DAY,
        ends_on=FIRST_DAY,
        venue_name="Sân vận động",
        organiser="Sở Công Thương",
        intro="…",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        fair_index.add_child(instance=page)
    assert "ends_on" in error.value.message_dict


def admin_form(producer, products, **changes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "title": "Phiên chợ OCOP Đồi Ngô",
        "slug": "phien-cho-ocop-doi-ngo",
        "intro": "Phiên chợ cuối tuần.",
        "starts_on": "2026-12-19",
        "ends_on": "2026-12-20",
        "opens_at": "07:00",
        "closes_at": "22:00",
        "venue_name": "Chợ Đồi Ngô",
        "address": "Tổ dân phố Thân Nhân Trung",
        "province_code": "24",
        "district_code": "218",
        "ward_code": "07444",
        "latitude": "",
        "longitude": "",
        "organiser": "UBND huyện Lục Nam",
        "entry_fee": "",
        "registration_deadline": "",
        "registration_url": "",
        "registration_contact": "",
        "programme": streamfield([("item", {"day": "", "time": "07:00", "what": "Khai mạc"})]),
        "photos": streamfield([]),
        "body": streamfield([]),
        "exhibitors": inline_formset([{"producer": producer.pk, "booth": " A  01 "}]),
        "action-publish": "publish",
    }
    data.update(changes)
    data = nested_form_data(data)
    data["exhibitors-0-products"] = [p.pk for p in products]  # a multiple choice: one key, several values
    return data


def test_an_editor_publishes_a_fair_with_unit_codes_and_a_booth(fair_index, two_producers):
    client = Client()
    client.force_login(two_producers.staff)
    url = f"/cms-admin/pages/add/fairs/fairpage/{fair_index.pk}/"
    response = client.post(url, admin_form(two_producers.a, [two_producers.product_a]))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = FairPage.objects.get(slug="phien-cho-ocop-doi-ngo")
    assert page.live and page.legacy_ward_id == "07444" and page.commune_id and page.province_id
    assert page.location_source == "ward" and page.has_location
    (exhibitor,) = page.exhibitors.all()
    assert exhibitor.booth == "A 01" and list(exhibitor.products.all()) == [two_producers.product_a]
    assert "Gian hàng A 01" in html_of(page.url)


def test_an_editor_cannot_put_another_producer_s_product_at_a_booth_nor_unknown_units(fair_index, two_producers):
    client = Client()
    client.force_login(two_producers.staff)
    url = f"/cms-admin/pages/add/fairs/fairpage/{fair_index.pk}/"
    response = client.post(url, admin_form(two_producers.a, [two_producers.product_b]))
    assert response.status_code == 200 and not FairPage.objects.filter(slug="phien-cho-ocop-doi-ngo").exists()
    response = client.post(url, admin_form(two_producers.a, [], ward_code="99999"))
    assert response.status_code == 200 and "99999" in response.content.decode()
    assert not FairPage.objects.filter(slug="phien-cho-ocop-doi-ngo").exists()


# --- The page's body, kept a minute ------------------------------------------------------------------


def test_an_edit_of_a_fair_shows_at_once(fair):
    page = fair(intro="Hội chợ giới thiệu sản phẩm OCOP của huyện.")
    assert "sản phẩm OCOP của huyện" in html_of(page.url)
    page.intro = "Thêm gian hàng ẩm thực Lục Nam."
    page.save_revision().publish()
    html = html_of(page.url)
    assert "Thêm gian hàng ẩm thực Lục Nam." in html and "sản phẩm OCOP của huyện" not in html


def test_a_preview_shows_the_editors_unsaved_changes_every_time(fair):
    page = fair()
    assert "Hội chợ giới thiệu" in html_of(page.url)  # kept a minute for every visitor
    for intro in ("Bản nháp thứ nhất.", "Bản nháp thứ hai."):
        page.intro = intro
        assert intro in page.make_preview_request().content.decode()
    html = html_of(page.url)
    assert "Bản nháp" not in html and "Hội chợ giới thiệu" in html
