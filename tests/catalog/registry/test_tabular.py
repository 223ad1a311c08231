"""Provincial Excel/CSV lists: Vietnamese or English headers, local date, star and kind
spellings, every bad row reported, hostile files refused, nothing written unless all is well."""

import datetime
import unicodedata
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from oscar.core.loading import get_model

from catalog.registry import tabular
from catalog.registry.models import SyncRun
from catalog.registry.records import FIRST_DAY, LAST_DAY, RegistryFileError, parse_all
from catalog.registry.tabular import CellError, parse_date, parse_header, parse_kind, parse_stars, read_table
from marketplace import spreadsheets

Certificate = get_model("certification", "Certificate")

VI_HEADERS = [
    "Số giấy chứng nhận",
    "Mã sản phẩm",
    "Tên sản phẩm",
    "Phân nhóm",
    "Hạng sao",
    "Cấp công nhận",
    "Số quyết định",
    "Ngày quyết định",
    "Trạng thái",
    "Tên chủ thể",
    "Loại hình chủ thể",
    "Mã số thuế",
    "Địa chỉ",
    "Điện thoại",
]
ROW = [
    "OCOP-24-2024-0100",
    "24-218-0100",
    "Mật ong rừng Lục Nam",
    "Mật ong, các loại mật khác, nông sản thô/sơ chế khác",
    "4 sao",
    "tỉnh",
    "1520/QĐ-UBND",
    "09/07/2024",
    "Còn hiệu lực",
    "HTX Mật ong Huyền Sơn",
    "HTX",
    "2400123456",
    "Thôn Liên Khuyên, xã Huyền Sơn, huyện Lục Nam, tỉnh Bắc Giang",
    "0204 3888 999",
]


def xlsx(tmp_path, rows, name="danh-sach.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def csv_file(tmp_path, rows, name="danh-sach.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows), encoding=encoding)
    return path


def problems(path):
    with pytest.raises(RegistryFileError) as error:
        read_table(path)
    return "\n".join(error.value.errors)


def test_vietnamese_excel_list_becomes_contract_records(tmp_path):
    [record] = read_table(xlsx(tmp_path, [VI_HEADERS, ROW]))
    assert record["certificate_code"] == "OCOP-24-2024-0100"
    assert (record["stars"], record["level"], record["status"]) == (4, "province", "valid")
    assert (record["decision_date"], record["category_code"]) == ("2024-07-09", "I.2.b")
    assert record["producer"] == {
        "name": "HTX Mật ong Huyền Sơn",
        "kind": "cooperative",
        "tax_code": "2400123456",
        "address": "Thôn Liên Khuyên, xã Huyền Sơn, huyện Lục Nam, tỉnh Bắc Giang",
        "phone": "0204 3888 999",
    }
    assert record["source_row_number"] == 2 and record["source_row"]["Hạng sao"] == "4 sao"


def test_english_csv_with_header_variants_and_excel_dates(tmp_path):
    headers = [
        "CERTIFICATE_CODE",
        "product name",
        "Category Code",
        "stars",
        "Decision date",
        "status",
        "producer_name",
        "producer_kind",
    ]
    path = csv_file(
        tmp_path,
        [headers, ["C-1", "Chè Tân Cương", "i.5.A", "5★", "2025-08-14", "revoked", "Công ty Chè", "Công ty TNHH"]],
    )
    [record] = read_table(path)
    assert (record["category_code"], record["stars"], record["status"]) == ("I.5.a", 5, "revoked")
    assert record["producer"]["kind"] == "enterprise"
    excel = xlsx(tmp_path, [VI_HEADERS, [*ROW[:7], datetime.datetime(2024, 7, 9), *ROW[8:]]], "dates.xlsx")
    assert read_table(excel)[0]["decision_date"] == "2024-07-09"


def test_every_bad_row_is_reported_with_row_and_column(tmp_path):
    bad_stars = [*ROW[:4], "6 sao", *ROW[5:]]
    bad_date = [*ROW[:7], "31/02/2024", *ROW[8:]]
    no_name = [*ROW[:2], "", *ROW[3:]]
    text = problems(xlsx(tmp_path, [VI_HEADERS, ROW, bad_stars, bad_date, no_name]))
    assert "row 3, column 'Hạng sao': '6 sao' is not a star rating from 1 to 5" in text
    assert "row 4, column 'Ngày quyết định': '31/02/2024' is not a date" in text
    assert "row 5, column 'Tên sản phẩm': is empty" in text


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda t: xlsx(t, [VI_HEADERS, [*ROW[:2], '=HYPERLINK("http://x")', *ROW[3:]]]), "contains a formula"),
        (lambda t: csv_file(t, [VI_HEADERS, [*ROW[:2], "=1+1", *ROW[3:]]]), "contains a formula"),
        (lambda t: csv_file(t, [VI_HEADERS, ROW], encoding="utf-16"), "not UTF-8"),
        (lambda t: xlsx(t, [VI_HEADERS, *([[None] * 3] * 10_000), ROW]), "more than 1,000 empty rows"),
        (lambda t: csv_file(t, [["a", "b"], ["1", "2"]]), "no column for product_name"),
        (lambda t: (t / "broken.xlsx").write_bytes(b"not a zip") and t / "broken.xlsx", "not a valid Excel workbook"),
        (lambda t: (t / "list.pdf").write_bytes(b"%PDF") and t / "list.pdf", "only .xlsx, .csv and .json"),
    ],
)
def test_hostile_or_broken_files_are_refused(tmp_path, build, message):
    assert message in problems(build(tmp_path))


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.seek(50 * 1024 * 1024)
        f.write(b"\n")
    assert "50 MB is over the 20 MB limit" in problems(path)


@pytest.mark.django_db
def test_import_is_all_or_nothing_and_twice_changes_nothing(tmp_path, admin_units):
    good = xlsx(tmp_path, [VI_HEADERS, ROW, ["", "24-218-0101", "Mật ong hoa vải", *ROW[3:]]], "good.xlsx")
    bad = xlsx(tmp_path, [VI_HEADERS, ROW, [*ROW[:4], "nhiều sao", *ROW[5:]]], "bad.xlsx")
    with pytest.raises(CommandError, match="row 3, column 'Hạng sao'"):
        call_command("sync_registry", "--file", str(bad), verbosity=0)
    assert Certificate.objects.count() == 0
    call_command("sync_registry", "--file", str(good), verbosity=0)
    assert Certificate.objects.count() == 2  # the row without a code got a derived, stable one
    before = list(Certificate.objects.order_by("code").values_list("code", "date_updated"))
    call_command("sync_registry", "--file", str(good), verbosity=0)
    assert SyncRun.objects.first().counts["unchanged"] == 2
    assert list(Certificate.objects.order_by("code").values_list("code", "date_updated")) == before


def _strip(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@given(
    st.sampled_from(sorted(h for h in tabular.HEADERS if " " in h or h.isalpha())),
    st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
    st.sampled_from(["", " ", ":", "  "]),
)
def test_headers_match_whatever_the_casing_and_spacing(header, case, padding):
    assert parse_header(padding + case(header.replace(" ", "  ")) + padding) == tabular.HEADERS[header]


@given(st.sampled_from(VI_HEADERS), st.booleans())
def test_vietnamese_headers_match_with_or_without_diacritics(header, strip):
    text = _strip(header).replace("Đ", "D").replace("đ", "d") if strip else header
    assert parse_header(text) == parse_header(header) is not None


@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_dates_round_trip_in_both_spellings(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day.isoformat() == parse_date(day.isoformat())


@given(st.one_of(st.dates(max_value=datetime.date(1999, 12, 31)), st.dates(min_value=datetime.date(2101, 1, 1))))
def test_implausible_dates_are_refused(day):
    with pytest.raises(CellError, match="is not a plausible date"):
        parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}")


@given(st.integers(1, 5), st.sampled_from(["{} sao", "{}★", "{} ★", "{}", "{} SAO", "{}.0"]))
def test_star_spellings(stars, spelling):
    assert parse_stars(spelling.format(stars)) == stars


@given(st.one_of(st.integers(6, 1000).map(str), st.integers(-100, 0).map(str), st.text(st.characters(), max_size=8)))
def test_anything_else_is_not_a_star_rating(text):
    if text.strip().lower().removesuffix(" sao").removesuffix("★").strip() in {"1", "2", "3", "4", "5"}:
        return
    with pytest.raises(CellError):
        parse_stars(text)


@given(
    st.sampled_from(sorted(tabular.KINDS.items())), st.sampled_from([str.upper, str.lower, str.title]), st.booleans()
)
def test_kind_spellings(item, case, with_name):
    spelling, kind = item
    text = case(spelling) + (" Thiên Phú" if with_name else "")  # "HTX Thiên Phú", "Công ty TNHH …"
    assert parse_kind(text) == kind


# --- hostile files ---------------------------------------------------------------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def row_xml(number, values):
    cells = "".join(f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>' for v in values)
    return f'<row r="{number}">{cells}</row>'


def crafted(tmp_path, rows="", before="", after="", parts=None, name="crafted.xlsx"):
    """A workbook saved by openpyxl whose first sheet is rewritten by hand: ``before`` the
    rows, the header row, ``rows`` (XML), ``after`` them; ``parts`` are added to the archive."""
    base = xlsx(tmp_path, [VI_HEADERS], "base.xlsx")
    path = tmp_path / name
    sheet = f"<worksheet {NS}>{before}<sheetData>{row_xml(1, VI_HEADERS)}{rows}</sheetData>{after}</worksheet>"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part, sheet if part.filename == "xl/worksheets/sheet1.xml" else source.read(part))
        for part_name, data in (parts or {}).items():
            target.writestr(part_name, data)
    return path


def test_a_crafted_sheet_reads_like_a_saved_one(tmp_path):
    [record] = read_table(crafted(tmp_path, row_xml(2, ROW)))
    assert record["certificate_code"] == "OCOP-24-2024-0100" and record["source_row_number"] == 2


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (  # one row of 100,000 cells: 1.5 MB of XML packed into a few kilobytes
            lambda t: crafted(t, '<row r="2">' + "<c><v>1</v></c>" * 100_000 + "</row>"),
            "crafted.xlsx: its part 'xl/worksheets/sheet1.xml' unpacks from 0.00",
        ),
        (
            lambda t: crafted(t, row_xml(2, ROW), parts={f"xl/media/image{i}.png": b"" for i in range(1_000)}),
            "crafted.xlsx: the workbook has 1,009 parts; a list has far fewer",
        ),
    ],
)
def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path, build, message):
    [problem] = problems(build(tmp_path)).splitlines()
    assert problem.startswith(message)


def test_a_workbook_unpacking_to_more_than_the_limit_is_refused(tmp_path, monkeypatch):
    path = crafted(tmp_path, row_xml(2, ROW), parts={"xl/media/photo.jpg": bytes(range(256)) * 8_000})
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 2**20)
    assert problems(path) == "crafted.xlsx: the workbook unpacks to 1.97 MB, over the 1 MB limit"


@pytest.mark.parametrize(
    ("rows", "before", "after", "message"),
    [
        ('<row r="2">' + "<c><v>1</v></c>" * 201 + "</row>", "", "", "sheet1.xml': row 2 has cells beyond column 200"),
        ('<row r="2"><c r="XFD2"><v>1</v></c></row>', "", "", "row 2 has cells beyond column 200"),
        ('<row r="3">' + '<c r="A3"><v>1</v></c>' * 300 + "</row>", "", "", "row 3 has cells beyond column 200"),
        ("<row/>" * 51_002, "", "", "'xl/worksheets/sheet1.xml' has more than 50,000 rows"),
        (
            '<row r="2"><c t="inlineStr"><is>' + "<r><t>x</t></r>" * 2_000 + "</is></c></row>",
            "",
            "",
            "row 2 holds more than 4,000 XML elements",
        ),
        (row_xml(2, ROW), '<dimension ref="A1:XFD1048576"/>', "", "says the sheet spans 'A1:XFD1048576'"),
        (row_xml(2, ROW), '<dimension ref="A1:N1048576"/>', "", "a list has at most 50,000 rows and 200 columns"),
        (
            row_xml(2, ROW),
            "",
            "<mergeCells>" + "".join(f'<mergeCell ref="A{i}:B{i}"/>' for i in range(100_001)) + "</mergeCells>",
            "'xl/worksheets/sheet1.xml' holds more than 100,000 XML elements besides its rows",
        ),
        (row_xml(2, ROW) + '<row r="3"><c', "", "", "not a valid Excel workbook ('not well-formed"),
        ('<row r="2"><c r="2A"><v>1</v></c></row>', "", "", "not a valid Excel workbook ('Invalid cell coordinates"),
    ],
)
def test_a_sheet_that_would_cost_memory_is_refused_before_openpyxl_reads_it(tmp_path, rows, before, after, message):
    [problem] = problems(crafted(tmp_path, rows, before, after)).splitlines()
    assert problem.startswith("crafted.xlsx: ") and message in problem


def test_every_sheet_is_checked_not_only_the_first(tmp_path):
    # openpyxl reads every sheet as it opens the workbook, to find its size
    wide = f"<worksheet {NS}><sheetData><row>" + "<c><v>1</v></c>" * 300 + "</row></sheetData></worksheet>"
    path = crafted(tmp_path, row_xml(2, ROW), parts={"xl/worksheets/sheet2.xml": wide})
    assert problems(path) == "crafted.xlsx: 'xl/worksheets/sheet2.xml': row 1 has cells beyond column 200"


def test_rows_beyond_a_wrong_dimension_are_read(tmp_path):
    path = crafted(
        tmp_path, row_xml(2, ROW) + row_xml(3, row(**{"Số giấy chứng nhận": "C-3"})), '<dimension ref="A1"/>'
    )
    assert [r["certificate_code"] for r in read_table(path)] == ["OCOP-24-2024-0100", "C-3"]


def test_a_date_cell_beyond_the_calendar_is_refused_with_row_and_column(tmp_path):
    book = Workbook()
    book.active.append(VI_HEADERS)
    book.active.append(ROW)
    book.active["H2"].value = 10**9  # days after 1900: year 2.7 million
    book.active["H2"].number_format = "dd/mm/yyyy"
    book.save(tmp_path / "dates.xlsx")
    assert (
        problems(tmp_path / "dates.xlsx")
        == "row 2, column 'Ngày quyết định': '#VALUE!' is not a date (dd/mm/yyyy or yyyy-mm-dd)"
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Tên sản phẩm", "=1+1", "contains a formula (it starts with '='), which is not accepted"),
        ("Tên sản phẩm", "+1+cmd|' /C calc'!A0", "contains a formula (it starts with '+')"),
        ("Địa chỉ", "-2+3+cmd|' /C calc'!A0", "contains a formula (it starts with '-')"),
        ("Mã số thuế", "@SUM(A1:A9)", "contains a formula (it starts with '@')"),
        ("Điện thoại", '+HYPERLINK("http://x")', "contains a formula (it starts with '+')"),
        ("Mã số thuế", -2400123456, "is a negative number, which no column of this list holds"),
        ("Ghi chú", "=WEBSERVICE(A1)", "contains a formula"),
        ("Tên sản phẩm", "Mật ong\x00", "contains U+0000 (a control character), which is not accepted"),
        ("Ghi chú", "ghi\x1bchú", "contains U+001B (a control character)"),
        ("Địa chỉ", "Bắc Giang " * 30, "is too long (299 characters; at most 255)"),
        ("Ghi chú", "x" * 6_000, "is too long (6,000 characters; at most 5,000)"),
        ("Tên chủ thể", "H" * 129, "is too long (129 characters; at most 128)"),
        ("Ngày quyết định", "31/12/9999", "9999-12-31 is not a plausible date (from 2000-01-01 to 2100-12-31)"),
        ("Ngày quyết định", datetime.datetime(1900, 1, 1), "1900-01-01 is not a plausible date"),
        ("Hạng sao", "9" * 5_000, "'999999"),
    ],
)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_hostile_cells_are_refused_with_row_and_column(tmp_path, kind, column, value, message):
    if kind == "xlsx" and isinstance(value, str) and any(c < " " for c in value):
        return  # an .xlsx cannot hold control characters: openpyxl will not write them
    if kind == "csv" and isinstance(value, datetime.date):
        return
    headers, cells = [*VI_HEADERS, "Ghi chú"], [*ROW, ""]
    cells[headers.index(column)] = value
    path = xlsx(tmp_path, [headers, cells]) if kind == "xlsx" else csv_file(tmp_path, [headers, cells])
    [problem] = problems(path).splitlines()
    assert problem.startswith(f"row 2, column '{column}': {message}")
    assert len(problem) < 300


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Điện thoại", "+84 912 345 678"),
        ("Điện thoại", "+84 (204) 3888-999"),
        ("Mã số thuế", "-"),  # a common "none"
        ("Địa chỉ", "Thôn 3 - xã Huyền Sơn"),
        ("Ngày quyết định", "01/01/2000"),
        ("Ngày quyết định", "31/12/2100"),
        ("Tên chủ thể", "H" * 128),
    ],
)
def test_legitimate_cells_at_the_edges_are_accepted(tmp_path, column, value):
    cells = list(ROW)
    cells[VI_HEADERS.index(column)] = value
    [record] = read_table(csv_file(tmp_path, [VI_HEADERS, cells]))
    assert record["source_row"][column] == value


def test_a_csv_cell_too_long_for_the_csv_reader_names_its_row(tmp_path):
    path = csv_file(tmp_path, [VI_HEADERS, ROW, row(**{"Địa chỉ": "x" * 200_000})])
    assert problems(path) == "danh-sach.csv: row 3 cannot be read (field larger than field limit (131072))"


def test_a_row_with_too_many_columns_is_refused(tmp_path):
    assert problems(csv_file(tmp_path, [VI_HEADERS, [*ROW, *["x"] * 300]])) == (
        "danh-sach.csv: row 2 has more than 200 columns"
    )


def test_more_rows_than_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    bad = row(**{"Hạng sao": "nhiều"})
    assert len(read_table(csv_file(tmp_path, [VI_HEADERS, ROW, ROW, ROW]))) == 3
    assert problems(csv_file(tmp_path, [VI_HEADERS, bad, bad, bad, ROW])) == "danh-sach.csv: more than 3 rows"


@pytest.mark.django_db
def test_a_table_row_that_needs_a_derived_code_and_cannot_have_one_is_named_by_its_row(tmp_path, admin_units):
    path = xlsx(tmp_path, [VI_HEADERS, ROW, row(**{"Số giấy chứng nhận": "", "Số quyết định": ""})])
    with pytest.raises(RegistryFileError) as error:
        parse_all(read_table(path))
    assert "row 3, field 'certificate_code': is missing and cannot be derived" in str(error.value)


@given(st.binary(max_size=600))
def test_any_bytes_as_a_csv_are_records_or_a_clear_refusal(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("csv") / "any.csv"
    path.write_bytes(data)
    try:
        records = read_table(path)
    except RegistryFileError as e:
        assert e.errors
    else:
        assert isinstance(records, list)


HEADER_LINE = ",".join(VI_HEADERS)


@given(st.lists(st.text(max_size=30), min_size=1, max_size=len(VI_HEADERS) + 2))
def test_any_row_under_real_headers_is_a_record_or_named_errors(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("csv") / "row.csv"
    path.write_text(HEADER_LINE + "\n" + ",".join('"' + c.replace('"', '""') + '"' for c in cells), "utf-8")
    try:
        read_table(path)
    except RegistryFileError as e:
        assert all(str(x).startswith(("row ", "row.csv: ")) for x in e.errors)


def row(**changes):
    cells = list(ROW)
    for header, value in changes.items():
        cells[VI_HEADERS.index(header)] = value
    return cells
