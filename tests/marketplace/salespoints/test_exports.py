"""Exporting the provinces' files: the format the importer reads, safe from formulas, and a
round trip (export, then import) that changes nothing."""

import csv
import io

import pytest
from openpyxl import load_workbook

from marketplace.salespoints import exports
from marketplace.salespoints.imports import import_points, import_stock
from marketplace.salespoints.models import PointStock, SalesPoint
from tests.factories import SalesPointFactory, stock_at

from .conftest import POINT_HEADERS, STOCK_HEADERS, point_row
from .test_imports import state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_units", "transfer_in_english")]


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # for Excel
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows()]


@pytest.fixture
def points(transfer_files):
    """Points as an import makes them: coordinates given, from the ward, from the district;
    phones, hours with two ranges a day, inactive, not assessed; and a hostile name."""
    rows = [
        point_row(),
        point_row(**{"Mã điểm bán": "BG-LN-02", "Vĩ độ": "", "Kinh độ": "", "Loại": "Điểm du lịch"}),
        point_row(
            **{
                "Mã điểm bán": "BG-LN-03",
                "Mã xã": "",
                "Vĩ độ": "",
                "Kinh độ": "",
                "Giờ mở cửa": "T2-T6 07:00-11:00,13:30-17:00; T7-CN 18:00-02:00",
                "Đạt tiêu chí 950": "",
                "Hoạt động": "Không",
                "Điện thoại": "+84 912 345 678; 0204 3882 123",
            }
        ),
        point_row(
            **{
                "Mã điểm bán": "@HN-01",
                "Tên điểm bán": '=HYPERLINK("http://x.example","Bấm vào")',
                "Đơn vị vận hành": "+cmd|' /C calc'!A0",
                "Loại": "Trung tâm tỉnh",
                "Mã tỉnh": "01",
                "Mã huyện": "001",
                "Mã xã": "00001",
                "Vĩ độ": "21.0468",
                "Kinh độ": "105.8",
                "Đạt tiêu chí 950": "Không",
                "Giờ mở cửa": "",
            }
        ),
    ]
    report = import_points(transfer_files.points(*rows))
    assert report.errors == [] and report.created == 4
    return SalesPoint.objects.order_by("code")


def test_the_points_csv_has_the_format_s_headers_and_words(points):
    response = exports.response("points", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="diem-ban-ocop-tat-ca-')
    header, *rows = csv_rows(response)
    assert header == POINT_HEADERS
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_code) == ["'@HN-01", "BG-LN-01", "BG-LN-02", "BG-LN-03"]  # by code; "@…" made safe
    lucnam = by_code["BG-LN-01"]
    assert (lucnam["Loại"], lucnam["Mã tỉnh"], lucnam["Mã huyện"], lucnam["Mã xã"]) == (
        "Điểm cấp huyện",
        "24",
        "218",
        "07444",
    )
    assert (lucnam["Vĩ độ"], lucnam["Kinh độ"]) == ("21.2905", "106.3921")
    assert lucnam["Giờ mở cửa"] == "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ"
    assert (lucnam["Đạt tiêu chí 950"], lucnam["Hoạt động"]) == ("Có", "Có")
    assert (by_code["BG-LN-02"]["Vĩ độ"], by_code["BG-LN-02"]["Loại"]) == ("", "Điểm du lịch")  # from the ward
    third = by_code["BG-LN-03"]
    assert third["Giờ mở cửa"] == "T2-T6 07:00-11:00,13:30-17:00; T7-CN 18:00-02:00"
    assert (third["Đạt tiêu chí 950"], third["Hoạt động"], third["Điện thoại"]) == (
        "",
        "Không",
        "0912 345 678, 0204 3882 123",
    )
    hostile = by_code["'@HN-01"]
    assert hostile["Tên điểm bán"] == '\'=HYPERLINK("http://x.example","Bấm vào")'
    assert hostile["Đơn vị vận hành"] == "'+cmd|' /C calc'!A0"
    assert (hostile["Mã tỉnh"], hostile["Mã huyện"], hostile["Mã xã"]) == ("01", "001", "00001")


def test_the_points_xlsx_writes_text_as_text_never_as_formulas(points):
    response = exports.response("points", "xlsx")
    assert response["Content-Type"] == exports.XLSX_TYPE
    sheet, rows = xlsx_cells(response)
    assert sheet.title == "Danh sách điểm bán"
    assert [c.value for c in rows[0]] == POINT_HEADERS
    hostile = rows[1]
    assert [c.value for c in hostile[:2]] == ["@HN-01", '=HYPERLINK("http://x.example","Bấm vào")']
    assert all(c.data_type == "s" for c in hostile[:8])  # text, codes included: "01" stays "01"
    assert hostile[1].quotePrefix and hostile[3].quotePrefix  # Excel keeps them text when edited
    assert [c.value for c in hostile[5:8]] == ["01", "001", "00001"]
    assert (hostile[8].value, hostile[8].data_type) == (21.0468, "n")


def test_the_stock_files(points, transfer_products):
    lucnam, hanoi = SalesPoint.objects.get(code="BG-LN-01"), SalesPoint.objects.get(code="@HN-01")
    stock_at(lucnam, transfer_products.honey, 12)
    stock_at(lucnam, transfer_products.expired, 3)  # exported too: the province's own figure
    stock_at(hanoi, transfer_products.tea, 0)
    header, *rows = csv_rows(exports.response("stock", "csv"))
    assert header == STOCK_HEADERS
    assert rows == [
        ["'@HN-01", "19-164-0007", "0"],
        ["BG-LN-01", "24-218-0100", "12"],
        ["BG-LN-01", "24-218-0200", "3"],
    ]
    sheet, cells = xlsx_cells(exports.response("stock", "xlsx", province="24"))
    assert sheet.title == "Tồn kho tại điểm bán"
    assert [[c.value for c in row] for row in cells] == [
        STOCK_HEADERS,
        ["BG-LN-01", "24-218-0100", 12],
        ["BG-LN-01", "24-218-0200", 3],
    ]


def test_one_province_only(points):
    header, *rows = csv_rows(exports.response("points", "csv", province="01"))
    assert [row[0] for row in rows] == ["'@HN-01"]
    assert 'filename="diem-ban-ocop-01-' in exports.response("points", "csv", province="01")["Content-Disposition"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(points, transfer_products, transfer_files, fmt):
    # made in the dashboard (with the current province, which an import derives)
    SalesPointFactory(code="BG-LG-01", province_id="24", phone="", hours="T2-CN 00:00-24:00", meets_950=None)
    for point in SalesPoint.objects.all():
        stock_at(point, transfer_products.honey, 4)
    stock_at(SalesPoint.objects.get(code="BG-LN-01"), transfer_products.expired, 2)  # not listable: skipped
    before = state()
    points_file = transfer_files.folder / f"points.{fmt}"
    points_file.write_bytes(exports.response("points", fmt).content)
    stock_file = transfer_files.folder / f"stock.{fmt}"
    stock_file.write_bytes(exports.response("stock", fmt).content)

    report = import_points(points_file)
    assert (report.errors, report.warnings) == ([], [])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    report = import_stock(stock_file)
    assert report.errors == [] and len(report.warnings) == 1  # the product that is not listable
    assert (report.created, report.updated, report.unchanged, report.removed, report.skipped) == (0, 0, 5, 0, 1)
    assert state() == before
    assert PointStock.objects.count() == 6
