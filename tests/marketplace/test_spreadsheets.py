"""The shared spreadsheet reader (marketplace/spreadsheets.py): rows as the spreadsheet numbers
them, the delimiter of a CSV from its header line, file objects as well as paths, problems in
English or Vietnamese. Hostile files are tested through their two users: tests/catalog/registry/
test_tabular.py and tests/marketplace/salespoints/test_imports.py."""

import io

import pytest
from django.utils import translation

from marketplace.spreadsheets import SpreadsheetRefused, csv_delimiter, header_key, read_rows


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Mã điểm bán,Tên điểm bán\r\nBG-LN-01,Lục Nam\r\n", ","),
        # A semicolon file whose every row has one comma in an unquoted address.
        ("Mã;Tên;Địa chỉ\nA;B;Thôn 3, xã Huyền Sơn\nC;D;Thôn 4, xã Huyền Sơn\n", ";"),
        ('"Vĩ độ, Kinh độ";Mã\n"21,3";1\n', ";"),  # commas inside quotes do not count
        ("Mã\tTên\n1\t2\n", "\t"),
        ("Một cột\n1\n", ","),
    ],
)
def test_the_delimiter_is_the_header_line_s(text, delimiter):
    assert csv_delimiter(text) == delimiter


def test_rows_are_numbered_as_the_spreadsheet_shows_them_and_empty_ones_skipped():
    data = io.BytesIO("\ufeffMã;Tên\n\nA;B\n;\nC;D\n".encode())
    assert list(read_rows(data, "ds.csv")) == [(1, ["Mã", "Tên"]), (3, ["A", "B"]), (5, ["C", "D"])]


def test_problems_are_english_as_written_and_translated_for_pages():
    with pytest.raises(SpreadsheetRefused) as refused:
        list(read_rows(io.BytesIO("Mã".encode("utf-16")), "ds.csv"))
    assert refused.value.errors == ["ds.csv: not UTF-8 text (byte 0); save the list as CSV UTF-8"]
    with translation.override("vi"):
        [message] = refused.value.messages
        assert str(message) == "ds.csv: not UTF-8 text (byte 0); save the list as CSV UTF-8"
        assert (
            message.translated() == "ds.csv: không phải văn bản UTF-8 (byte 0); hãy lưu danh sách dưới dạng CSV UTF-8"
        )


def test_header_keys_ignore_case_diacritics_spacing_and_punctuation():
    assert header_key("  MÃ  ĐIỂM   BÁN: ") == header_key("ma diem ban") == "ma diem ban"
