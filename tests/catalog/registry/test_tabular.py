"""Provincial Excel/CSV lists: Vietnamese or English headers, local date, star and kind
spellings, every bad row reported, hostile files refused, nothing written unless all is well."""

import datetime
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from oscar.core.loading import get_model

from catalog.registry import tabular
from catalog.registry.models import SyncRun
from catalog.registry.records import RegistryFileError
from catalog.registry.tabular import CellError, parse_date, parse_header, parse_kind, parse_stars, read_table

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


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_dates_round_trip_in_both_spellings(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day.isoformat() == parse_date(day.isoformat())


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
