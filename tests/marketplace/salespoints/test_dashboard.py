"""Staff manage sales points in the dashboard: the list and its filters, a point's form (units,
location, opening hours, Decision 950, photos), deletion, and the point's stock — through the
real views."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from catalog.certification.models import local_today
from marketplace.adminunits.models import LegacyProvince, LegacyWard
from marketplace.salespoints.models import PointStock, SalesPoint, SalesPointImage
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, producer_user, stock_at
from tests.test_hostile_input import HOSTILE_VALUES
from tests.test_hostile_input import OK as HOSTILE_OK

pytestmark = pytest.mark.django_db
LIST = "/dashboard/sales-points/"
CREATE = "/dashboard/sales-points/create/"


def edit_url(point):
    return f"/dashboard/sales-points/{point.pk}/"


def stock_url(point):
    return f"/dashboard/sales-points/{point.pk}/stock/"


def photo(name="diem-ban.jpg", kind="JPEG", size=(60, 40), mode="RGB", extra=b""):
    data = io.BytesIO()
    Image.new(mode, size).save(data, kind)
    return SimpleUploadedFile(name, data.getvalue() + extra, content_type=f"image/{kind.lower()}")


def point_data(photos=(), **changes):
    """What the point form posts: a district point in Lục Nam, ward Bình Sơn, with ``photos``."""
    data = {
        "name": "Điểm giới thiệu và bán sản phẩm OCOP huyện Lục Nam",
        "code": "BG-LN-10",
        "kind": "district",
        "operator": "Trung tâm Khuyến công Bắc Giang",
        "phone": "0204 3882 123",
        "email": "diemban@lucnam.example.vn",
        "description": "Gần chợ Đồi Ngô.",
        "address": "Số 1 đường Trần Hưng Đạo, thị trấn Đồi Ngô",
        "province_code": "24",
        "district_code": "218",
        "ward_code": "07492",
        "latitude": "21.2906",
        "longitude": "106.3857",
        "hours": "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ",
        "meets_950": "no",
        "failed_criteria": ["signage", "facilities"],
        "is_active": "on",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for i, (upload, caption, order) in enumerate(photos):
        data.update({f"photos-{i}-image": upload, f"photos-{i}-caption": caption, f"photos-{i}-display_order": order})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(point, existing=(), **changes):
    """The form of ``point`` as it stands, with ``existing`` photo rows [(image, caption, order, delete)]."""
    data = point_data(
        name=point.name,
        code=point.code,
        kind=point.kind,
        ward_code=point.legacy_ward_id or "",
        district_code=point.legacy_district_id,
        latitude=point.latitude if point.location_source == "given" else "",
        longitude=point.longitude if point.location_source == "given" else "",
        hours=point.hours_text,
        meets_950={True: "yes", False: "no"}.get(point.meets_950, ""),
        failed_criteria=point.failed_criteria,
    )
    data.update({"photos-TOTAL_FORMS": str(len(existing)), "photos-INITIAL_FORMS": str(len(existing))})
    for i, (image, caption, order, delete) in enumerate(existing):
        data.update({f"photos-{i}-id": image.pk, f"photos-{i}-caption": caption, f"photos-{i}-display_order": order})
        if delete:
            data[f"photos-{i}-DELETE"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def errors(response):
    """The form's errors by field (the page answers 200 with the form again)."""
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    photos = response.context["photos"]
    found = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for i, photo_form in enumerate(photos.forms):
        for name, errs in photo_form.errors.items():
            found[f"photos-{i}-{name}"] = [str(e) for e in errs]
    return found


# --- who may come in ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_and_others_refused(client, coverage_points):
    point = coverage_points.ln1
    urls = [
        LIST,
        CREATE,
        edit_url(point),
        f"/dashboard/sales-points/{point.pk}/delete/",
        stock_url(point),
        "/dashboard/sales-points/coverage/",
        "/dashboard/sales-points/coverage/?province=24&format=csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert client.post(f"/dashboard/sales-points/{point.pk}/delete/").status_code == 302
    producer = producer_user(ProducerFactory())  # a producer's user reaches the dashboard, not this
    customer = get_user_model().objects.create_user("khach", "khach@ocop.local", "x")
    for user in (producer, customer):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(f"/dashboard/sales-points/{point.pk}/delete/").status_code == 403
        assert client.post(stock_url(point), {"add": "", "add-product_code": "24-218-0102"}).status_code == 403
    assert SalesPoint.objects.filter(pk=point.pk).exists()
    assert not coverage_points.ln1.stock.filter(product=coverage_points.honey2).exists()


def test_forms_need_the_csrf_token(django_user_model, coverage_points):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("vp", "vp@ocop.local", "x", is_staff=True))
    assert client.post(f"/dashboard/sales-points/{coverage_points.ln1.pk}/delete/").status_code == 403
    assert SalesPoint.objects.filter(pk=coverage_points.ln1.pk).exists()


def test_the_dashboard_menu_has_sales_points(dashboard_staff, admin_units):
    page = dashboard_staff.get("/dashboard/").content.decode()
    assert f'href="{LIST}"' in page and 'href="/dashboard/sales-points/coverage/"' in page


# --- the list ----------------------------------------------------------------------------


def test_the_list_shows_each_point_with_its_products_on_sale(dashboard_staff, coverage_points):
    response = dashboard_staff.get(LIST)
    points = {p.code: p for p in response.context["points"]}
    assert set(points) == {"BG-LN-01", "BG-LN-02", "BG-LN-09", "BG-LG-01", "BG-LNG-01"}
    # Listable products in stock: ln1 honey 1 + tea; ln2 honey 1 only (none left of honey 2, one revoked);
    # lg honey 2 (the 2★ one does not count); an inactive point shows nothing.
    assert {code: p.shown_products for code, p in points.items()} == {
        "BG-LN-01": 2,
        "BG-LN-02": 1,
        "BG-LN-09": 0,
        "BG-LG-01": 1,
        "BG-LNG-01": 0,
    }
    page = response.content.decode()
    row = page.split("BG-LN-02")[1].split("</tr>")[0]
    assert "Cửa hàng Đồi Ngô" in row and "Lục Nam" in row and "badge-danger" in row  # fails Decision 950
    assert f'href="{stock_url(coverage_points.ln2)}"' in row


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"province": "24"}, {"BG-LN-01", "BG-LN-02", "BG-LN-09", "BG-LG-01", "BG-LNG-01"}),
        ({"province": "24", "district": "217"}, {"BG-LG-01"}),
        ({"kind": "partner"}, {"BG-LN-02"}),
        ({"active": "no"}, {"BG-LN-09", "BG-LNG-01"}),
        ({"active": "yes", "district": "218", "province": "24"}, {"BG-LN-01", "BG-LN-02"}),
        ({"status_950": "yes"}, {"BG-LN-01"}),
        ({"status_950": "no"}, {"BG-LN-02"}),
        ({"status_950": "unassessed", "active": "yes"}, {"BG-LG-01"}),
        ({"province": "01"}, set()),
        ({"q": "lạng giang"}, {"BG-LG-01"}),
        ({"q": "bg-ln-0"}, {"BG-LN-01", "BG-LN-02", "BG-LN-09"}),
        ({"kind": "nonsense", "active": "no"}, {"BG-LN-09", "BG-LNG-01"}),  # an unknown value is left out
        ({"province": "2\x004", "district": "218"}, {"BG-LN-01", "BG-LN-02", "BG-LN-09", "BG-LG-01", "BG-LNG-01"}),
    ],
)
def test_list_filters_live_in_the_url(dashboard_staff, coverage_points, query, codes):
    response = dashboard_staff.get(LIST, query)
    assert response.status_code == 200
    assert {p.code for p in response.context["points"]} == codes


def test_the_list_takes_a_constant_number_of_queries(dashboard_staff, coverage_points, django_assert_max_num_queries):
    query = {"province": "24", "active": "yes"}
    with CaptureQueriesContext(connection) as few:
        dashboard_staff.get(LIST, query)
    products = [ProductFactory() for _ in range(3)]
    for n in range(40):
        point = SalesPointFactory(legacy_district_id=["213", "215", "216", "217", "218"][n % 5])
        for product in products[: n % 4]:
            stock_at(point, product)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = dashboard_staff.get(LIST, query)
    assert len(response.context["points"]) == 43
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert dashboard_staff.get(LIST, {"page": 1, "active": "yes"}).status_code == 200


# --- creating, changing and deleting a point ---------------------------------------------


def test_staff_create_a_point_with_everything(dashboard_staff, admin_units):
    response = dashboard_staff.post(
        CREATE, point_data(photos=[(photo(), "Quầy mật ong", "1"), (photo("mat-tien.png", "PNG"), "Mặt tiền", "0")])
    )
    assert response.status_code == 302 and response["Location"] == LIST
    point = SalesPoint.objects.get(code="BG-LN-10")
    assert point.slug == "bg-ln-10" and point.kind == "district" and point.is_active
    assert (point.operator, point.phone, point.email) == (
        "Trung tâm Khuyến công Bắc Giang",
        "0204 3882 123",
        "diemban@lucnam.example.vn",
    )
    ward = LegacyWard.objects.get(code="07492")
    assert (point.legacy_province_id, point.legacy_district_id, point.legacy_ward_id) == ("24", "218", "07492")
    assert point.province_id == LegacyProvince.objects.get(code="24").successor_id
    assert point.commune_id == ward.successor_id
    assert (point.latitude, point.longitude, point.location_source) == (21.2906, 106.3857, "given")
    assert point.hours_text == "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ"
    assert point.meets_950 is False and point.failed_criteria == ["signage", "facilities"]
    assert [image.caption for image in point.images.all()] == ["Mặt tiền", "Quầy mật ong"]
    follow = dashboard_staff.get(LIST)
    assert "BG-LN-10" in follow.content.decode()


def test_without_coordinates_the_point_is_placed_at_its_ward_or_district(dashboard_staff, admin_units):
    dashboard_staff.post(CREATE, point_data(latitude="", longitude="", meets_950="", failed_criteria=[]))
    point = SalesPoint.objects.get(code="BG-LN-10")
    ward = LegacyWard.objects.get(code="07492")
    assert (point.latitude, point.longitude, point.location_source) == (ward.latitude, ward.longitude, "ward")
    assert point.meets_950 is None and point.failed_criteria == []
    dashboard_staff.post(
        CREATE, point_data(code="BG-LN-11", ward_code="", latitude="", longitude="", failed_criteria=[])
    )
    district_point = SalesPoint.objects.get(code="BG-LN-11")
    assert district_point.location_source == "district" and district_point.legacy_ward_id is None
    assert district_point.latitude == district_point.legacy_district.latitude


def test_staff_change_a_point_and_its_photos(dashboard_staff, admin_units):
    dashboard_staff.post(CREATE, point_data(photos=[(photo(), "Quầy", "0"), (photo(), "Kho", "1")]))
    point = SalesPoint.objects.get(code="BG-LN-10")
    first, second = point.images.all()
    page = dashboard_staff.get(edit_url(point))
    assert page.context["form"].initial["hours"] == "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ"
    assert page.context["form"].initial["meets_950"] == "no"
    response = dashboard_staff.post(
        edit_url(point),
        edit_data(
            point,
            existing=[(first, "Quầy hàng", "5", False), (second, "Kho", "1", True)],
            name="Điểm OCOP Lục Nam (mới)",
            hours="T2-CN 07:00-11:00,13:30-21:00",
            meets_950="yes",
            failed_criteria=[],
            latitude="",
            longitude="",
            is_active=None,  # unticked
            **{"photos-TOTAL_FORMS": "3", "photos-2-image": photo("moi.webp", "WEBP"), "photos-2-display_order": "2"},
        ),
    )
    assert response.status_code == 302, errors(response)
    point = SalesPoint.objects.get(pk=point.pk)
    assert point.name == "Điểm OCOP Lục Nam (mới)" and point.slug == "bg-ln-10" and not point.is_active
    assert point.hours_text == "T2-CN 07:00-11:00,13:30-21:00"
    assert point.meets_950 is True and point.failed_criteria == []
    assert point.location_source == "ward"  # the given coordinates were cleared
    images = list(point.images.all())
    assert [(image.caption, image.display_order) for image in images] == [("", 2), ("Quầy hàng", 5)]
    assert not SalesPointImage.objects.filter(pk=second.pk).exists()
    # Coordinates taken from the ward are not shown as if someone had given them.
    assert dashboard_staff.get(edit_url(point)).context["form"].initial["latitude"] is None


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"hours": "T2-T6 7h30 đến 17h"}, "hours", "07:30-17:00"),
        ({"hours": "Thứ Hai 07:30-17:00"}, "hours", "T2"),
        ({"hours": "T2-T6 08:00-08:00"}, "hours", "08:00-08:00"),
        ({"province_code": "99"}, "province_code", "99"),
        ({"district_code": "001"}, "district_code", "001"),  # Ba Đình is in Hà Nội, not Bắc Giang
        ({"district_code": "999"}, "district_code", "999"),
        ({"ward_code": "00001"}, "ward_code", "00001"),  # a ward of Hà Nội
        ({"district_code": ""}, "district_code", ""),
        ({"latitude": "21.29", "longitude": ""}, "longitude", ""),
        ({"latitude": "", "longitude": "106.39"}, "latitude", ""),
        ({"latitude": "121.29"}, "latitude", "90"),
        ({"latitude": "106.39", "longitude": "21.29"}, "latitude", "90"),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "8.0"),
        ({"latitude": "nan"}, "latitude", ""),
        ({"meets_950": "yes"}, "failed_criteria", "950"),
        ({"meets_950": ""}, "failed_criteria", "950"),
        ({"failed_criteria": ["nonsense"]}, "failed_criteria", "nonsense"),
        ({"code": "BG-LN-01"}, "code", ""),  # taken
        ({"email": "not an address"}, "email", ""),
        ({"name": ""}, "name", ""),
    ],
)
def test_the_form_says_what_is_wrong(dashboard_staff, coverage_points, changes, field, says):
    response = dashboard_staff.post(CREATE, point_data(**changes))
    found = errors(response)
    assert field in found, found
    assert says in " ".join(found[field]), found[field]
    assert not SalesPoint.objects.filter(name=point_data()["name"]).exists()


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (SimpleUploadedFile("anh.jpg", b"<?php echo 'not a photo'; ?>", content_type="image/jpeg"), "JPEG, PNG"),
        (photo("anh.gif", "GIF", mode="P"), "GIF"),
        (photo("anh.bmp", "BMP"), "BMP"),
        (photo(extra=b"\0" * (5 * 1024 * 1024)), "5"),  # over 5 MB
        (photo("lon.png", "PNG", size=(8000, 5001), mode="1"), "40"),  # over 40 megapixels
    ],
)
def test_a_bad_photo_is_refused_with_a_clear_message(dashboard_staff, admin_units, upload, says):
    response = dashboard_staff.post(CREATE, point_data(photos=[(upload, "", "0")]))
    found = errors(response)
    assert "photos-0-image" in found, found
    assert says in found["photos-0-image"][0]
    assert not SalesPoint.objects.exists() and not SalesPointImage.objects.exists()


def test_a_truncated_photo_is_refused(dashboard_staff, admin_units):
    data = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(data, "PNG")
    broken = SimpleUploadedFile("cut.png", data.getvalue()[:600], content_type="image/png")
    found = errors(dashboard_staff.post(CREATE, point_data(photos=[(broken, "", "0")])))
    assert "photos-0-image" in found
    assert not SalesPoint.objects.exists()


def test_deleting_a_point_asks_first_and_removes_its_stock(dashboard_staff, coverage_points):
    point = coverage_points.ln2
    url = f"/dashboard/sales-points/{point.pk}/delete/"
    confirm = dashboard_staff.get(url)
    assert confirm.status_code == 200 and point.name in confirm.content.decode()
    assert SalesPoint.objects.filter(pk=point.pk).exists()
    response = dashboard_staff.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    assert not SalesPoint.objects.filter(pk=point.pk).exists()
    assert not PointStock.objects.filter(point_id=point.pk).exists()
    assert coverage_points.honey1.__class__.objects.filter(pk=coverage_points.honey1.pk).exists()
    assert dashboard_staff.post(url).status_code == 404


# --- the point's stock -------------------------------------------------------------------


def stock_post(response, **changes):
    """The stock formset as the page renders it, with ``changes`` ({product title: quantity or "delete"})."""
    formset = response.context["formset"]
    data = {
        "save": "",
        "stock-TOTAL_FORMS": str(len(formset.forms)),
        "stock-INITIAL_FORMS": str(len(formset.forms)),
        "stock-MIN_NUM_FORMS": "0",
        "stock-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        data[f"stock-{i}-id"] = form.instance.pk
        data[f"stock-{i}-num_in_stock"] = form.instance.num_in_stock
        change = changes.get(form.instance.product.title)
        if change == "delete":
            data[f"stock-{i}-DELETE"] = "on"
        elif change is not None:
            data[f"stock-{i}-num_in_stock"] = change
    return data


def test_the_stock_page_says_what_shoppers_see_and_why_not(dashboard_staff, coverage_points):
    t = coverage_points
    response = dashboard_staff.get(stock_url(t.ln2))
    rows = {row["stock"].product.title: row for row in response.context["rows"]}
    assert set(rows) == {"Mật ong hoa vải", "Mật ong bạc hà", "Rượu làng Vân"}
    assert rows["Mật ong hoa vải"]["shown"] and rows["Mật ong hoa vải"]["why_not"] == ""
    assert not rows["Mật ong bạc hà"]["shown"] and rows["Mật ong bạc hà"]["listable"]  # none left
    assert not rows["Rượu làng Vân"]["shown"] and not rows["Rượu làng Vân"]["listable"]
    assert rows["Rượu làng Vân"]["why_not"] == t.revoked.why_not_listable()
    page = response.content.decode()
    assert "sai nhãn mác" in page and "Hợp tác xã Chè Lạng Giang" in page and "24-217-0202" in page
    inactive = dashboard_staff.get(stock_url(t.ln_off))
    assert not any(row["shown"] for row in inactive.context["rows"])


def test_staff_change_quantities_and_remove_rows(dashboard_staff, coverage_points):
    t = coverage_points
    page = dashboard_staff.get(stock_url(t.ln2))
    response = dashboard_staff.post(
        stock_url(t.ln2), stock_post(page, **{"Mật ong bạc hà": "12", "Rượu làng Vân": "delete"})
    )
    assert response.status_code == 302
    assert dict(t.ln2.stock.values_list("product__title", "num_in_stock")) == {
        "Mật ong hoa vải": 2,
        "Mật ong bạc hà": 12,
    }
    bad = dashboard_staff.post(
        stock_url(t.ln2), stock_post(dashboard_staff.get(stock_url(t.ln2)), **{"Mật ong hoa vải": "-3"})
    )
    assert bad.status_code == 200 and bad.context["formset"].errors
    assert t.ln2.stock.get(product=t.honey1).num_in_stock == 2


def test_the_stock_page_shows_what_is_reserved_for_orders(dashboard_staff, coverage_points):
    from marketplace.salespoints.allocation import allocate_at_point

    t = coverage_points
    honey = t.ln2.stock.get(product__title="Mật ong hoa vải")
    allocate_at_point(t.ln2, [(honey.product_id, honey.num_in_stock)])
    response = dashboard_staff.get(stock_url(t.ln2))
    row = next(row for row in response.context["rows"] if row["stock"].pk == honey.pk)
    assert not row["shown"] and row["why_not"] == "Đã giữ hết cho các đơn sẽ nhận tại đây."
    assert f"trong đó {honey.num_in_stock} đã giữ cho đơn hàng" in response.content.decode()


def test_the_stock_form_reaches_only_this_points_rows(dashboard_staff, coverage_points):
    t = coverage_points
    page = dashboard_staff.get(stock_url(t.ln1))
    data = stock_post(page)
    other = PointStock.objects.get(point=t.lg, product=t.honey2)
    data["stock-0-id"] = other.pk  # a row of another point, forged into this form
    data["stock-0-num_in_stock"] = "999"
    response = dashboard_staff.post(stock_url(t.ln1), data)
    assert response.status_code == 200 and response.context["formset"].non_form_errors()
    other.refresh_from_db()
    assert other.num_in_stock == 1
    assert t.ln1.stock.get(product=t.honey1).num_in_stock == 5  # nothing saved


def test_a_row_removed_meanwhile_is_reported_not_lost(dashboard_staff, coverage_points):
    t = coverage_points
    page = dashboard_staff.get(stock_url(t.ln1))
    t.ln1.stock.filter(product=t.tea).delete()  # someone else removed it
    response = dashboard_staff.post(stock_url(t.ln1), stock_post(page, **{"Mật ong hoa vải": "8"}))
    assert response.status_code == 200 and response.context["formset"].non_form_errors()
    assert [row["stock"].product for row in response.context["rows"]] == [t.honey1]
    assert t.ln1.stock.get(product=t.honey1).num_in_stock == 5


def test_staff_add_a_product_by_its_code_typed_any_way(dashboard_staff, coverage_points):
    t = coverage_points
    response = dashboard_staff.post(
        stock_url(t.ln1), {"add": "", "add-product_code": " 24 218 0102 ", "add-quantity": "4"}
    )
    assert response.status_code == 302
    assert t.ln1.stock.get(product=t.honey2).num_in_stock == 4
    again = dashboard_staff.post(stock_url(t.ln1), {"add": "", "add-product_code": "24-218-0102", "add-quantity": "1"})
    assert "Mật ong bạc hà" in again.context["add_form"].errors["product_code"][0]  # already there
    assert t.ln1.stock.get(product=t.honey2).num_in_stock == 4


@pytest.mark.parametrize("which", ["revoked", "two_star", "expired", "inactive_producer", "unknown"])
def test_a_product_that_is_not_listable_cannot_be_added_and_the_page_says_why(dashboard_staff, coverage_points, which):
    t = coverage_points
    if which == "expired":
        product = ProductFactory(
            product_code="24-218-0900", certificate__valid_until=local_today() - datetime.timedelta(days=1)
        )
    elif which == "inactive_producer":
        product = ProductFactory(product_code="24-218-0901", producer=ProducerFactory(is_active=False))
    else:
        product = getattr(t, which, None)
    code = product.product_code if product else "24-999-9999"
    response = dashboard_staff.post(stock_url(t.ln1), {"add": "", "add-product_code": code, "add-quantity": "3"})
    assert response.status_code == 200
    message = " ".join(response.context["add_form"].errors["product_code"])
    assert code in message if product is None else product.why_not_listable() in message
    assert message in response.content.decode() or product is None
    assert t.ln1.stock.count() == 2


def test_the_stock_page_takes_a_constant_number_of_queries(
    dashboard_staff, coverage_points, django_assert_max_num_queries
):
    t = coverage_points
    with CaptureQueriesContext(connection) as few:
        dashboard_staff.get(stock_url(t.ln1))
    for n in range(25):
        product = ProductFactory(producer=ProducerFactory(), certificate__stars=2 if n % 3 == 0 else 4)
        stock_at(t.ln1, product, n % 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = dashboard_staff.get(stock_url(t.ln1))
    assert len(response.context["rows"]) == 27


def test_hostile_query_strings_never_break_the_staff_pages(dashboard_staff, coverage_points):
    names = ("q", "province", "district", "kind", "active", "status_950", "page", "format")
    failures = []
    for url in (LIST, "/dashboard/sales-points/coverage/"):
        for value in HOSTILE_VALUES:
            for query in (dict.fromkeys(names, value), {**dict.fromkeys(names, value), "province": "24"}):
                status = dashboard_staff.get(url, query).status_code
                if status not in HOSTILE_OK:
                    failures.append((url, query["province"], value[:30], status))
    assert failures == []
