"""Importing the provinces' files (docs/sales-points-formats.md): good files in every shape, every
kind of bad row named by row, column and reason, hostile files refused, all or nothing, twice =
no change."""

import datetime

import pytest
from openpyxl import Workbook

from marketplace import spreadsheets
from marketplace.salespoints.imports import import_points, import_stock
from marketplace.salespoints.models import Criterion, PointStock, SalesPoint
from tests.factories import SalesPointFactory, stock_at

from .conftest import POINT_HEADERS, point_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_units", "transfer_in_english")]


def errors(report):
    return [str(e) for e in report.errors]


def state():
    """Everything an import may change, to compare before and after."""
    return (
        list(SalesPoint.objects.order_by("code").values()),
        list(
            SalesPoint.objects.order_by("code").values_list("code", "hours__weekday", "hours__opens", "hours__closes")
        ),
        list(PointStock.objects.order_by("point__code", "product__product_code").values()),
    )


# --- points: good files ------------------------------------------------------------------------


def test_a_csv_with_bom_creates_the_point_with_both_unit_structures(transfer_files):
    report = import_points(transfer_files.points())
    assert (report.errors, report.warnings) == ([], [])
    assert (report.rows, report.created, report.updated, report.unchanged) == (1, 1, 0, 0)
    point = SalesPoint.objects.get()
    assert (point.code, point.slug, point.kind) == ("BG-LN-01", "bg-ln-01", "district")
    assert point.name == "Điểm giới thiệu và bán sản phẩm OCOP huyện Lục Nam"
    assert point.operator == "Trung tâm Văn hóa huyện Lục Nam"
    assert (point.legacy_province_id, point.legacy_district_id, point.legacy_ward_id) == ("24", "218", "07444")
    assert (point.province_id, point.commune_id) == ("24", "07444")  # Bắc Giang is now part of Bắc Ninh (24)
    assert (point.latitude, point.longitude, point.location_source) == (21.2905, 106.3921, "given")
    assert point.phone == "0204 3882 123"
    assert point.hours_text == "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ"
    assert (point.meets_950, point.is_active) == (True, True)
    assert report.outcome == "diem-ban.csv imported: 1 rows: 1 created, 0 updated, 0 unchanged."


def test_semicolons_no_bom_any_header_spelling_and_order_unknown_columns_reported_once(transfer_files):
    headers = ["GHI CHÚ", "ma diem ban", "  Tên   điểm bán ", "LOẠI", "Dia chi", "Mã  tỉnh", "MÃ HUYỆN", "STT"]
    rows = [
        ["", "BG-LN-01", "Điểm Lục Nam", "điểm cấp huyện", "Đồi Ngô, Lục Nam", "24", "218", "1"],
        ["mới", "BG-LN-02", "Gian hàng hội chợ Lục Nam", "GIAN HANG HOI CHO", "Bảo Sơn", "24", "218", "2"],
    ]
    report = import_points(transfer_files.csv([headers, *rows], delimiter=";", encoding="utf-8"))
    assert report.errors == [] and report.created == 2
    assert [str(w) for w in report.warnings] == ["row 1: columns not in the format, ignored: A “GHI CHÚ”, H “STT”"]
    one, two = SalesPoint.objects.order_by("code")
    assert (one.kind, two.kind) == ("district", "fair")
    # No coordinates and no ward: the district's centre; no hours column: none; active by default.
    assert (one.latitude, one.longitude, one.location_source) == (21.299663, 106.417031, "district")
    assert (one.hours_text, one.phone, one.meets_950, one.is_active) == ("", "", None, True)


def test_an_xlsx_with_numbers_where_codes_lost_their_leading_zeros(transfer_files):
    row = point_row(**{"Mã tỉnh": 24, "Mã huyện": 218, "Mã xã": 7444, "Vĩ độ": 21.2905, "Kinh độ": 106.3921})
    row[POINT_HEADERS.index("Điện thoại")] = 912345678  # typed as a number: the leading 0 is gone
    row[POINT_HEADERS.index("Hoạt động")] = False  # a checkbox
    report = import_points(transfer_files.points(row, kind="xlsx"))
    assert report.errors == [] and report.created == 1
    point = SalesPoint.objects.get()
    assert (point.legacy_ward_id, point.latitude, point.phone, point.is_active) == (
        "07444",
        21.2905,
        "0912 345 678",
        False,
    )


def test_hanoi_codes_keep_their_leading_zeros_and_the_ward_gives_the_coordinates(transfer_files):
    row = point_row(**{"Mã tỉnh": "1", "Mã huyện": "1", "Mã xã": "1", "Vĩ độ": "", "Kinh độ": ""})
    assert import_points(transfer_files.points(row)).errors == []
    point = SalesPoint.objects.get()
    assert (point.legacy_province_id, point.legacy_district_id, point.legacy_ward_id) == ("01", "001", "00001")
    assert (point.latitude, point.location_source) == (21.046798, "ward")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0204 3882 123", "0204 3882 123"),
        ("0204.3882.123", "0204 3882 123"),
        ("(0204) 3882123", "0204 3882 123"),
        ("+84 912 345 678", "0912 345 678"),
        ("'+84 912 345 678", "0912 345 678"),  # as our CSV download writes it
        ("84-912-345-678", "0912 345 678"),
        ("+84 (0) 24 3825 1234", "024 3825 1234"),
        ("0204 3882 123 - 0912 345 678", "0204 3882 123, 0912 345 678"),
        ("1900 1234", "1900 1234"),
    ],
)
def test_phone_numbers_in_any_common_spacing_are_stored_readably(transfer_files, typed, stored):
    assert import_points(transfer_files.points(point_row(**{"Điện thoại": typed}))).errors == []
    assert SalesPoint.objects.get().phone == stored


def test_cells_that_look_like_formulas_are_kept_as_text(transfer_files):
    csv_row = point_row(
        **{"Tên điểm bán": '=HYPERLINK("http://x.example","Lục Nam")', "Đơn vị vận hành": "-Ban quản lý-"}
    )
    assert import_points(transfer_files.points(csv_row)).errors == []
    point = SalesPoint.objects.get()
    assert (point.name, point.operator) == ('=HYPERLINK("http://x.example","Lục Nam")', "-Ban quản lý-")

    book = Workbook()
    book.active.append(POINT_HEADERS)
    book.active.append(point_row(**{"Mã điểm bán": "BG-LN-09"}))
    book.active["B2"] = "=1+1"  # a real formula cell: read as its text, never computed
    book.save(transfer_files.folder / "formula.xlsx")
    assert import_points(transfer_files.folder / "formula.xlsx").errors == []
    assert SalesPoint.objects.get(code="BG-LN-09").name == "=1+1"


def test_slugs_come_from_the_code_and_stay_unique(transfer_files):
    SalesPointFactory(code="KHAC-01", slug="bg-ln-01")
    assert import_points(transfer_files.points()).errors == []
    assert SalesPoint.objects.get(code="BG-LN-01").slug == "bg-ln-01-2"


# --- points: bad rows --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("Mã điểm bán", "", "is empty"),
        ("Tên điểm bán", "  ", "is empty"),
        ("Loại", "Cửa hàng", "“Cửa hàng” is not a kind of point (one of: Trung tâm tỉnh, Điểm cấp huyện, "),
        ("Mã tỉnh", "99", "“99” is not a province code (the GSO codes before 2025, e.g. 24 for Bắc Giang)"),
        ("Mã huyện", "999", "“999” is not a district code"),
        ("Mã huyện", "001", "district 001 (Ba Đình) is in province 01 (Hà Nội), not in 24 (Bắc Giang)"),
        ("Mã xã", "99999", "“99999” is not a ward or commune code"),
        ("Mã xã", "00001", "ward 00001 (Phúc Xá) is in district 001 (Ba Đình), not in 218 (Lục Nam)"),
        ("Vĩ độ", "", "only one of “Vĩ độ” and “Kinh độ” is given: give both or neither"),
        ("Vĩ độ", "95", "95 is not a latitude in Vietnam (from 6 to 24 degrees north)"),
        ("Vĩ độ", "21°17'N", "“21°17'N” is not a number of degrees (e.g. 21.2905)"),
        ("Vĩ độ", "106.3921", "latitude 106.3921 and longitude 21.2905 seem swapped"),
        ("Điện thoại", "0204 3xxx xxx", "“0204 3xxx xxx” is not a Vietnamese phone number"),
        ("Điện thoại", "+1 212 555 0100", "“+1 212 555 0100” is not a Vietnamese phone number"),
        ("Giờ mở cửa", "Thứ hai 7h-17h", "“Thứ hai 7h-17h” does not start with a day (T2…T7, CN)"),
        ("Giờ mở cửa", "T2-T6 07:30-25:00", "“07:30-25:00” is not a time of day"),
        ("Đạt tiêu chí 950", "Đang xét", "“Đang xét” is neither Có nor Không"),
        ("Hoạt động", "Tạm dừng", "“Tạm dừng” is neither Có nor Không"),
        ("Tên điểm bán", "Điểm\x00bán", "contains U+0000 (a control character), which is not accepted"),
        ("Địa chỉ", "x" * 256, "is too long (256 characters; at most 255)"),
        ("Mã điểm bán", "B" * 41, "is too long (41 characters; at most 40)"),
    ],
)
def test_a_bad_cell_is_named_by_row_column_and_reason(transfer_files, header, value, reason):
    if header == "Vĩ độ" and value == "106.3921":
        row = point_row(**{"Vĩ độ": "106.3921", "Kinh độ": "21.2905"})
    else:
        row = point_row(**{header: value})
    report = import_points(transfer_files.points(point_row(**{"Mã điểm bán": "BG-LN-00"}), row))
    letter = "ABCDEFGHIJKLMN"[POINT_HEADERS.index(header)]
    [problem] = errors(report)
    assert problem.startswith(f"row 3, column {letter} “{header}”: {reason}"), problem
    assert SalesPoint.objects.count() == 0  # the good row 2 is not imported either


def test_every_bad_row_is_reported_and_nothing_is_written(transfer_files):
    existing = SalesPointFactory(code="BG-LN-01", name="Tên cũ")
    before = state()
    path = transfer_files.points(
        point_row(**{"Tên điểm bán": "Tên mới"}),  # a good update…
        point_row(**{"Mã điểm bán": "BG-LN-02", "Loại": "Kiot"}),
        point_row(**{"Mã điểm bán": "bg-ln-01"}),  # the same code, written otherwise
        point_row(**{"Mã điểm bán": "BG-LN-03", "Mã tỉnh": "", "Kinh độ": "", "Giờ mở cửa": "T8 08:00-09:00"}),
    )
    report = import_points(path)
    assert errors(report) == [
        "row 3, column C “Loại”: “Kiot” is not a kind of point (one of: Trung tâm tỉnh, Điểm cấp huyện, "
        "Cửa hàng đối tác, Điểm du lịch, Gian hàng hội chợ)",
        "row 4, column A “Mã điểm bán”: the point code “bg-ln-01” is already on row 2",
        "row 5, column F “Mã tỉnh”: is empty",
        "row 5, column J “Kinh độ”: only one of “Vĩ độ” and “Kinh độ” is given: give both or neither",
        "row 5, column L “Giờ mở cửa”: “T8 08:00-09:00” does not start with a day (T2…T7, CN)",
    ]
    assert report.outcome == "Nothing was imported from diem-ban.csv: 5 problems."
    assert (report.created, report.updated) == (0, 0)
    assert state() == before
    existing.refresh_from_db()
    assert existing.name == "Tên cũ"


def test_missing_required_columns_and_a_column_given_twice(transfer_files):
    path = transfer_files.csv([["Mã điểm bán", "Tên điểm bán", "Ten diem ban", "Ghi chú"], ["BG-LN-01", "A", "B", ""]])
    assert errors(import_points(path)) == [
        "row 1, column C “Ten diem ban”: the column is there twice (also column B)",
        "row 1: required columns are missing: “Loại”, “Địa chỉ”, “Mã tỉnh”, “Mã huyện” "
        "(the header row, row 1, has: “Mã điểm bán”, “Tên điểm bán”, “Ten diem ban”, “Ghi chú”)",
    ]


def test_a_stock_file_given_as_the_points_file_is_refused_saying_what_is_missing(transfer_files):
    path = transfer_files.stock(["BG-LN-01", "24-218-0100", "5"])
    [problem] = errors(import_points(path))
    assert problem.startswith("row 1: required columns are missing: “Tên điểm bán”, “Loại”")


# --- points: hostile files ---------------------------------------------------------------------


def raw(files, name, data):
    path = files.folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda f: f.points(encoding="utf-16"), "diem-ban.csv: not UTF-8 text (byte 0); save the list as CSV UTF-8"),
        (lambda f: f.points(encoding="cp1258"), "diem-ban.csv: not UTF-8 text (byte "),
        (lambda f: f.zip_bomb(), "bom.xlsx: its part 'xl/media/padding.bin' unpacks from "),
        (lambda f: f.points([*point_row(), *["x"] * 300]), "diem-ban.csv: row 2 has more than 200 columns"),
        (
            lambda f: f.points(point_row(**{"Địa chỉ": "x" * 200_000})),
            "diem-ban.csv: row 2 cannot be read (field larger than field limit (131072))",
        ),
        (lambda f: raw(f, "hong.xlsx", b"PK not a zip"), "hong.xlsx: not a valid Excel workbook"),
        (lambda f: raw(f, "a.xls", b"\xd0\xcf\x11\xe0"), "a.xls: only .xlsx and .csv files can be read"),
        (lambda f: raw(f, "rong.csv", b""), "rong.csv: the file is empty"),
        (
            lambda f: f.csv([POINT_HEADERS, *[[""]] * 1_001, point_row()]),
            "diem-ban.csv: more than 1,000 empty rows; is this the right sheet?",
        ),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_clear_message(transfer_files, build, message):
    report = import_points(build(transfer_files))
    [problem] = errors(report)
    assert problem.startswith(message), problem
    assert SalesPoint.objects.count() == 0


def test_a_file_over_20_mb_is_refused_unread(transfer_files):
    path = transfer_files.folder / "lon.csv"
    with open(path, "wb") as f:
        f.seek(30 * 2**20)
        f.write(b"\n")
    assert errors(import_points(path)) == ["lon.csv: 30 MB is over the 20 MB limit"]


def test_more_rows_than_the_limit_are_refused(transfer_files, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 2)
    rows = [point_row(**{"Mã điểm bán": f"BG-LN-{n}"}) for n in range(3)]
    assert errors(import_points(transfer_files.points(*rows))) == ["diem-ban.csv: more than 2 rows"]


def test_control_characters_in_a_header_are_refused(transfer_files):
    path = transfer_files.csv([[*POINT_HEADERS, "Ghi\x1bchú"], [*point_row(), ""]])
    assert errors(import_points(path)) == [
        "row 1, column O “Ghi\ufffdchú”: contains U+001B (a control character), which is not accepted"
    ]


# --- points: twice, updates, dry run -----------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(transfer_files):
    rows = [
        point_row(),
        point_row(**{"Mã điểm bán": "BG-LN-02", "Vĩ độ": "", "Kinh độ": "", "Mã xã": "", "Giờ mở cửa": ""}),
        point_row(**{"Mã điểm bán": "BG-LN-03", "Đạt tiêu chí 950": "", "Hoạt động": "Không", "Điện thoại": ""}),
    ]
    for kind in ("csv", "xlsx"):
        first = import_points(transfer_files.points(*rows, kind=kind, name=f"diem-ban.{kind}"))
        assert first.errors == []
        before = state()
        second = import_points(transfer_files.points(*rows, kind=kind, name=f"diem-ban.{kind}"))
        assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
        assert state() == before  # date_updated included


def test_a_changed_row_updates_its_point_only_and_keeps_what_the_file_has_no_column_for(transfer_files):
    import_points(transfer_files.points(point_row(), point_row(**{"Mã điểm bán": "BG-LN-02"})))
    point = SalesPoint.objects.get(code="BG-LN-01")
    point.email, point.description, point.failed_criteria = "lucnam@ocop.local", "Mô tả", [Criterion.SIGNAGE]
    point.meets_950 = False
    point.save()
    other_updated = SalesPoint.objects.get(code="BG-LN-02").date_updated
    headers = ["Mã điểm bán", "Tên điểm bán", "Loại", "Địa chỉ", "Mã tỉnh", "Mã huyện", "Đạt tiêu chí 950"]
    new = {"Tên điểm bán": "Tên mới", "Loại": "Trung tâm tỉnh", "Mã huyện": "219", "Đạt tiêu chí 950": "Có"}
    report = import_points(
        transfer_files.points(
            point_row(headers, **new), point_row(headers, **{"Mã điểm bán": "BG-LN-02"}), headers=headers
        )
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    point.refresh_from_db()
    assert (point.name, point.kind, point.legacy_district_id, point.legacy_ward_id) == (
        "Tên mới",
        "showroom",
        "219",
        None,
    )
    assert (point.latitude, point.location_source) == (21.2905, "given")  # no coordinate columns: kept
    assert point.hours_text == "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ"  # no hours column: kept
    assert (point.email, point.description, point.phone) == ("lucnam@ocop.local", "Mô tả", "0204 3882 123")
    assert (point.meets_950, point.failed_criteria) == (True, [])  # meets them all now
    assert SalesPoint.objects.get(code="BG-LN-02").date_updated == other_updated  # same values: not saved
    assert SalesPoint.objects.get(code="BG-LN-02").legacy_ward_id == "07444"  # in its district: kept


def test_empty_cells_of_present_columns_clear_the_values(transfer_files):
    import_points(transfer_files.points())
    empty = {"Vĩ độ": "", "Kinh độ": "", "Điện thoại": "", "Giờ mở cửa": "", "Đạt tiêu chí 950": "", "Hoạt động": ""}
    report = import_points(transfer_files.points(point_row(**empty)))
    assert report.updated == 1
    point = SalesPoint.objects.get()
    assert (point.phone, point.hours_text, point.meets_950, point.is_active) == ("", "", None, True)
    assert (point.latitude, point.longitude, point.location_source) == (21.305782, 106.384646, "ward")


def test_a_dry_run_checks_and_counts_but_writes_nothing(transfer_files):
    SalesPointFactory(code="BG-LN-01")
    path = transfer_files.points(point_row(), point_row(**{"Mã điểm bán": "BG-LN-02"}))
    before = state()
    report = import_points(path, dry_run=True)
    assert (report.errors, report.created, report.updated, report.applied) == ([], 1, 1, False)
    assert report.outcome.startswith(
        "diem-ban.csv can be imported (checked only, nothing was changed): 2 rows: 1 created"
    )
    assert state() == before


# --- stock -------------------------------------------------------------------------------------


@pytest.fixture
def two_points(db):
    return SalesPointFactory(code="BG-LN-01"), SalesPointFactory(code="BG-LG-01")


def test_a_stock_file_sets_quantities_matching_codes_as_the_product_page_shows_them(
    transfer_files, transfer_products, two_points
):
    path = transfer_files.stock(
        ["BG-LN-01", "24-218-0100", "12"],
        ["bg-ln-01", "19 164 0007", "1.200"],  # codes in any case and spacing; grouped thousands
        ["BG-LG-01", "24_218_0100", "0"],
    )
    report = import_stock(path)
    assert (report.errors, report.warnings, report.created) == ([], [], 3)
    assert set(PointStock.objects.values_list("point__code", "product__product_code", "num_in_stock")) == {
        ("BG-LN-01", "24-218-0100", 12),
        ("BG-LN-01", "19-164-0007", 1200),
        ("BG-LG-01", "24-218-0100", 0),
    }


def test_a_product_not_listable_today_is_a_warning_and_is_skipped(transfer_files, transfer_products, two_points):
    lucnam, _other = two_points
    stock_at(lucnam, transfer_products.expired, 7)
    report = import_stock(
        transfer_files.stock(["BG-LN-01", "24-218-0100", "3"], ["BG-LN-01", "24-218-0200", "50"], kind="xlsx")
    )
    assert report.errors == [] and (report.created, report.skipped) == (1, 1)
    [warning] = [str(w) for w in report.warnings]
    assert warning.startswith(
        "row 3, column B “Mã sản phẩm OCOP”: 24-218-0200 (Vải thiều Lục Ngạn) is not listed today ("
    )
    assert warning.endswith("): row skipped")
    # Skipped: the point keeps what it had for that product.
    assert PointStock.objects.get(point=lucnam, product=transfer_products.expired).num_in_stock == 7


def test_the_file_replaces_the_stock_of_the_points_it_lists_only(transfer_files, transfer_products, two_points):
    lucnam, other = two_points
    stock_at(lucnam, transfer_products.honey, 5)
    stock_at(lucnam, transfer_products.tea, 9)
    stock_at(other, transfer_products.tea, 4)
    report = import_stock(transfer_files.stock(["BG-LN-01", "24-218-0100", "6"]))
    assert (report.created, report.updated, report.unchanged, report.removed) == (0, 1, 0, 1)
    assert set(PointStock.objects.values_list("point__code", "product__product_code", "num_in_stock")) == {
        ("BG-LN-01", "24-218-0100", 6),  # updated
        ("BG-LG-01", "19-164-0007", 4),  # another point: untouched
    }


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            ["BG-XX-99", "24-218-0100", "1"],
            "A “Mã điểm bán”",
            "no sales point has the code “BG-XX-99” (import the points first)",
        ),
        (["BG-LN-01", "24-999-9999", "1"], "B “Mã sản phẩm OCOP”", "no product has the OCOP code “24-999-9999”"),
        (["BG-LN-01", "24-218-0100", "-1"], "C “Số lượng”", "“-1” is not a whole number of 0 or more"),
        (["BG-LN-01", "24-218-0100", "2,5"], "C “Số lượng”", "“2,5” is not a whole number of 0 or more"),
        (["BG-LN-01", "24-218-0100", "mười"], "C “Số lượng”", "“mười” is not a whole number of 0 or more"),
        (["BG-LN-01", "24-218-0100", "0912345678"], "C “Số lượng”", "912,345,678 is more than 1,000,000: is this"),
        (["BG-LN-01", "24-218-0100", ""], "C “Số lượng”", "is empty"),
        (["", "24-218-0100", "1"], "A “Mã điểm bán”", "is empty"),
        (["BG-LN-01", "24 218 0100", "2"], "B “Mã sản phẩm OCOP”", "24-218-0100 at BG-LN-01 is already on row 2"),
    ],
)
def test_a_bad_stock_row_is_named_and_nothing_is_written(
    transfer_files, transfer_products, two_points, row, column, reason
):
    before = state()
    report = import_stock(transfer_files.stock(["BG-LN-01", "24-218-0100", "3"], row))
    [problem] = errors(report)
    assert problem.startswith(f"row 3, column {column}: {reason}"), problem
    assert state() == before


def test_a_bad_xlsx_quantity_cell(transfer_files, transfer_products, two_points):
    report = import_stock(transfer_files.stock(["BG-LN-01", "24-218-0100", 2.5], kind="xlsx"))
    assert errors(report) == ["row 2, column C “Số lượng”: “2.5” is not a whole number of 0 or more"]


def test_importing_the_same_stock_twice_changes_nothing(transfer_files, transfer_products, two_points):
    path = transfer_files.stock(["BG-LN-01", "24-218-0100", "3"], ["BG-LG-01", "19-164-0007", 8])
    assert import_stock(path).created == 2
    before = state()
    again = import_stock(path)
    assert (again.created, again.updated, again.unchanged, again.removed) == (0, 0, 2, 0)
    assert state() == before


def test_a_stock_file_with_the_wrong_headers(transfer_files):
    report = import_stock(transfer_files.stock(["BG-LN-01", "3"], headers=["Mã điểm bán", "Số lượng tồn"]))
    assert errors(report) == [
        "row 1: required columns are missing: “Mã sản phẩm OCOP”, “Số lượng” "
        "(the header row, row 1, has: “Mã điểm bán”, “Số lượng tồn”)"
    ]
    assert [str(w) for w in report.warnings] == ["row 1: columns not in the format, ignored: B “Số lượng tồn”"]


def test_the_date_a_stock_row_changed_moves_only_when_it_changes(transfer_files, transfer_products, two_points):
    lucnam, _other = two_points
    honey = stock_at(lucnam, transfer_products.honey, 3)
    tea = stock_at(lucnam, transfer_products.tea, 3)
    PointStock.objects.update(date_updated=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    import_stock(transfer_files.stock(["BG-LN-01", "24-218-0100", "3"], ["BG-LN-01", "19-164-0007", "4"]))
    honey.refresh_from_db()
    tea.refresh_from_db()
    assert honey.date_updated.year == 2026 and honey.date_updated.month == 1
    assert tea.num_in_stock == 4 and tea.date_updated > honey.date_updated


def test_problems_are_reported_in_vietnamese(transfer_files):
    from django.utils import translation

    with translation.override("vi"):
        report = import_points(transfer_files.points(point_row(**{"Loại": "Kiot"})))
        [problem] = errors(report)
    assert problem.startswith("dòng 2, cột C “Loại”: “Kiot” không phải là loại điểm bán")


def queries(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_file(transfer_files, transfer_products):
    from tests.factories import ProductFactory

    codes = ["24-218-0100", "19-164-0007", *(ProductFactory().product_code for _ in range(4))]
    for n in range(4):
        SalesPointFactory(code=f"P-{n}")
    small = transfer_files.stock(*([f"P-{p}", c, "1"] for p in (0, 1) for c in codes[:2]), name="small.csv")
    big = transfer_files.stock(*([f"P-{p}", c, "2"] for p in (2, 3) for c in codes), name="big.csv")
    assert queries(lambda: import_stock(small)) == queries(lambda: import_stock(big))
    # Unchanged points cost no query each.
    few = transfer_files.points(*(point_row(**{"Mã điểm bán": f"A-{n}"}) for n in range(2)), name="few.csv")
    many = transfer_files.points(*(point_row(**{"Mã điểm bán": f"B-{n}"}) for n in range(6)), name="many.csv")
    import_points(few)
    import_points(many)
    assert queries(lambda: import_points(few)) == queries(lambda: import_points(many))
