"""The dashboard's file transfer: staff download the points and the stock (CSV, XLSX, one
province or all) and upload either file, seeing the import's report in Vietnamese; nobody
else gets in."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from marketplace.salespoints.models import PointStock, SalesPoint
from tests.factories import ProducerFactory, SalesPointFactory, producer_user, stock_at

from .conftest import POINT_HEADERS, point_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_units")]

POINTS_URL = reverse("salespoints-dashboard:sales-points-export")
STOCK_URL = reverse("salespoints-dashboard:sales-point-stock-export")
IMPORT_URL = reverse("salespoints-dashboard:sales-points-import")


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_user("vanphong", "vp@ocop.local", "mat-khau-dai-2026", is_staff=True)
    client.force_login(staff)
    return client


def upload(client, path, kind="points", dry_run=False):
    data = {"kind": kind, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(IMPORT_URL, data)


def test_the_urls():
    assert (POINTS_URL, STOCK_URL, IMPORT_URL) == (
        "/dashboard/sales-points/export/points/",
        "/dashboard/sales-points/export/stock/",
        "/dashboard/sales-points/import/",
    )


@pytest.mark.parametrize("url", [POINTS_URL, f"{STOCK_URL}?format=xlsx", IMPORT_URL])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(IMPORT_URL, {"kind": "points"}).status_code == 302


@pytest.mark.parametrize("url", [POINTS_URL, f"{STOCK_URL}?format=xlsx", IMPORT_URL])
def test_producers_and_customers_are_refused(client, django_user_model, url):
    user = producer_user(ProducerFactory())  # has Oscar's partner dashboard access
    customer = django_user_model.objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026")
    customer.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
    for someone in (user, customer):
        client.force_login(someone)
        assert client.get(url).status_code == 403
        assert client.post(IMPORT_URL, {"kind": "points"}).status_code == 403


def test_staff_download_the_points_as_csv_and_xlsx(staff_client):
    SalesPointFactory(code="BG-LN-01", province_id="24")
    SalesPointFactory(code="HN-01", legacy_province_id="01", legacy_district_id="001")
    response = staff_client.get(POINTS_URL)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(POINT_HEADERS)
    assert [line.split(",")[0] for line in lines[1:]] == ["BG-LN-01", "HN-01"]
    response = staff_client.get(POINTS_URL, {"format": "xlsx", "province": "24"})
    assert response.status_code == 200
    assert 'filename="diem-ban-ocop-24-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Mã điểm bán", "BG-LN-01"]


def test_staff_download_the_stock(staff_client, transfer_products):
    stock_at(SalesPointFactory(code="BG-LN-01"), transfer_products.honey, 7)
    response = staff_client.get(STOCK_URL, {"format": "csv", "province": "24"})
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Mã điểm bán,Mã sản phẩm OCOP,Số lượng",
        "BG-LN-01,24-218-0100,7",
    ]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"format": "pdf"}, 400),
        ({"format": "xlsx\x00"}, 400),
        ({"province": "99"}, 404),
        ({"province": "2\x004"}, 404),
        ({"province": "9" * 5_000}, 404),
        ({"province": "' OR 1=1 --"}, 404),
        ({"province": "", "format": "csv"}, 200),
    ],
)
def test_bad_or_hostile_queries_get_a_clear_answer(staff_client, query, status):
    assert staff_client.get(POINTS_URL, query).status_code == status
    assert staff_client.get(STOCK_URL, query).status_code == status


def test_the_upload_page_in_vietnamese(staff_client):
    response = staff_client.get(IMPORT_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp điểm bán" in page  # the title
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    assert f'action="{POINTS_URL}"' in page and f'action="{STOCK_URL}"' in page
    assert '<option value="24">Bắc Giang (24)</option>' in page


def test_staff_upload_a_points_file_and_see_the_report(staff_client, transfer_files):
    path = transfer_files.points(point_row(), point_row(**{"Mã điểm bán": "BG-LN-02", "Ghi chú": "x"}), kind="xlsx")
    response = upload(staff_client, path, dry_run=True)
    assert response.status_code == 200
    assert "chỉ kiểm tra, chưa thay đổi gì" in response.content.decode()
    assert SalesPoint.objects.count() == 0
    response = upload(staff_client, path)
    page = response.content.decode()
    assert "Đã nhập diem-ban.xlsx: 2 dòng: 2 tạo mới, 0 cập nhật, 0 không đổi." in page
    assert SalesPoint.objects.count() == 2


def test_a_refused_upload_lists_every_problem_in_vietnamese_and_changes_nothing(staff_client, transfer_files):
    SalesPointFactory(code="BG-LN-01", name="Tên cũ")
    path = transfer_files.points(
        point_row(**{"Tên điểm bán": "Tên mới"}),
        point_row(**{"Mã điểm bán": "BG-LN-02", "Loại": "Kiot"}),
        point_row(**{"Mã điểm bán": "BG-LN-03", "Mã huyện": "001", "Điện thoại": "12345"}),
    )
    response = upload(staff_client, path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không nhập gì từ diem-ban.csv: 3 lỗi." in page
    assert "<td>3</td>" in page and "C “Loại”" in page and "“Kiot” không phải là loại điểm bán" in page
    assert "G “Mã huyện”" in page and "huyện 001 (Ba Đình) thuộc tỉnh 01 (Hà Nội)" in page
    assert "“12345” không phải là số điện thoại Việt Nam" in page
    assert SalesPoint.objects.get().name == "Tên cũ"


def test_staff_upload_a_stock_file(staff_client, transfer_files, transfer_products):
    SalesPointFactory(code="BG-LN-01")
    path = transfer_files.stock(["BG-LN-01", "24-218-0100", "5"], ["BG-LN-01", "24-218-0200", "9"])
    page = upload(staff_client, path, kind="stock").content.decode()
    assert "Cảnh báo" in page and "không được niêm yết hôm nay" in page
    assert list(PointStock.objects.values_list("product__product_code", "num_in_stock")) == [("24-218-0100", 5)]


def test_an_upload_that_is_not_a_spreadsheet(staff_client, transfer_files):
    path = transfer_files.folder / "anh.png"
    path.write_bytes(b"\x89PNG\r\n")
    page = upload(staff_client, path).content.decode()
    assert "Hãy tải lên tệp .csv hoặc .xlsx." in page
    bomb = upload(staff_client, transfer_files.zip_bomb()).content.decode()
    assert "bom.xlsx" in bomb and "zip bomb" not in bomb and "Không nhập gì từ bom.xlsx" in bomb


def test_the_upload_needs_the_csrf_token(django_user_model, transfer_files):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("vp2", "vp2@ocop.local", "x-2026-dai", is_staff=True))
    assert upload(client, transfer_files.points()).status_code == 403
    assert SalesPoint.objects.count() == 0


def test_an_upload_over_20_mb_is_refused_before_it_is_read(staff_client, transfer_files):
    path = transfer_files.folder / "lon.csv"
    path.write_bytes(b"x" * (21 * 2**20))
    page = upload(staff_client, path).content.decode()
    assert "Tệp có dung lượng 21 MB; chỉ chấp nhận tối đa 20 MB." in page
    assert SalesPoint.objects.count() == 0
