"""Provincial certified-product lists (.xlsx or .csv, docs/registry-formats.md, part 2), read into
the contract's JSON record shape so the same validation and import apply.

Headers are matched ignoring case, diacritics and punctuation, in Vietnamese or English.
Every bad row is reported with its row number (as the spreadsheet shows it), column and
reason, and then nothing is returned.

Hostile files are refused early, before they cost memory:

- over ``MAX_FILE_BYTES``, not UTF-8 (CSV), more than ``MAX_ROWS`` rows, ``MAX_EMPTY_ROWS``
  empty ones or ``MAX_COLUMNS`` columns;
- an .xlsx is a zip archive whose parts openpyxl unpacks. Before it reads anything, the
  archive is refused when it has more than ``MAX_PARTS`` parts, unpacks to more than
  ``MAX_UNPACKED_BYTES`` or has a part that unpacks more than ``MAX_RATIO`` times its packed
  size (a zip bomb; a real 20,000-row list packs about 13:1). Then every XML part is walked
  once, keeping almost nothing, because openpyxl reads the parts it knows whole and builds
  each row of a sheet whole, padded to its last cell: a sheet with a row of more than
  ``MAX_COLUMNS`` cells or a cell beyond that column, more rows than a list has, a size claim
  (``<dimension>``) beyond both, or more than ``MAX_SHEET_ELEMENTS`` elements outside its
  rows (merged ranges, links…), and any other part but the shared strings over
  ``MAX_PART_BYTES``, are refused. openpyxl then reads the first sheet in read-only mode;
- cell text is checked by the same rules as JSON records (records.text_problem and
  records.date_problem: control characters, length, implausible dates).

Formulas: a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` and goes on is refused,
whatever its column (all of them end up in the record as received and may be exported
again): a spreadsheet would run it. The one exception is a phone number in international
form, ``+84 912 345 678`` (a plus sign, then only digits, spaces and ``.()-``), which cannot
call anything. No column of this format holds a negative number, so ``-5`` is refused too,
as is a numeric cell below zero; a lone ``-`` (a common "none") is plain text.
"""

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.xml.functions import iterparse

from catalog.catalogue.classification import CLASSIFICATION
from marketplace.text import fold, nfc

from .records import RegistryFileError, date_problem, read_limited, shown, text_problem

MAX_ROWS = 50_000
MAX_EMPTY_ROWS = 1_000
MAX_COLUMNS = 200
MAX_PARTS = 1_000
MAX_UNPACKED_BYTES = 100 * 2**20
MAX_RATIO = 100
RATIO_FROM_BYTES = 2**20  # smaller parts may pack tighter without costing anything
MAX_SHEET_ELEMENTS = 100_000
MAX_PART_BYTES = 10 * 2**20  # any part but the sheets and their shared strings (styles are kilobytes)
MAX_ROW_ELEMENTS = 20 * MAX_COLUMNS  # a cell is 2–4 elements; rich text adds a few per run

# folded header -> field ("producer." fields go into the nested producer object)
HEADERS = {
    "ma giay chung nhan": "certificate_code",
    "so giay chung nhan": "certificate_code",
    "certificate code": "certificate_code",
    "ma san pham": "product_code",
    "product code": "product_code",
    "ten san pham": "product_name",
    "product name": "product_name",
    "ma phan nhom": "category_code",
    "phan nhom": "category_code",
    "nhom san pham": "category_code",
    "category code": "category_code",
    "hang sao": "stars",
    "so sao": "stars",
    "xep hang": "stars",
    "stars": "stars",
    "cap cong nhan": "level",
    "level": "level",
    "so quyet dinh": "decision_number",
    "decision number": "decision_number",
    "ngay quyet dinh": "decision_date",
    "ngay cong nhan": "decision_date",
    "decision date": "decision_date",
    "ngay het han": "valid_until",
    "hieu luc den": "valid_until",
    "valid until": "valid_until",
    "trang thai": "status",
    "status": "status",
    "ly do": "status_reason",
    "status reason": "status_reason",
    "chu the": "producer.name",
    "ten chu the": "producer.name",
    "producer name": "producer.name",
    "ma chu the": "producer.code",
    "producer code": "producer.code",
    "loai hinh chu the": "producer.kind",
    "producer kind": "producer.kind",
    "ma so thue": "producer.tax_code",
    "producer tax code": "producer.tax_code",
    "dia chi": "producer.address",
    "producer address": "producer.address",
    "dien thoai": "producer.phone",
    "producer phone": "producer.phone",
    "email": "producer.email",
    "producer email": "producer.email",
    "province code": "producer.province_code",
    "district code": "producer.district_code",
    "ward code": "producer.ward_code",
}
REQUIRED = ["product_name", "stars", "decision_date", "status", "producer.name"]
LEVELS = {
    "huyen": "district",
    "cap huyen": "district",
    "district": "district",
    "tinh": "province",
    "cap tinh": "province",
    "province": "province",
    "trung uong": "national",
    "cap trung uong": "national",
    "quoc gia": "national",
    "national": "national",
}
STATUSES = {
    "con hieu luc": "valid",
    "hieu luc": "valid",
    "valid": "valid",
    "thu hoi": "revoked",
    "da thu hoi": "revoked",
    "revoked": "revoked",
    "tam dinh chi": "suspended",
    "dinh chi": "suspended",
    "suspended": "suspended",
}
KINDS = {
    "htx": "cooperative",
    "hop tac xa": "cooperative",
    "cooperative": "cooperative",
    "cong ty": "enterprise",
    "doanh nghiep": "enterprise",
    "dn": "enterprise",
    "enterprise": "enterprise",
    "to hop tac": "cooperative_group",
    "tht": "cooperative_group",
    "cooperative group": "cooperative_group",
    "ho kinh doanh": "household",
    "ho gia dinh": "household",
    "hkd": "household",
    "household": "household",
}
CATEGORY_NAMES = {
    " ".join(_w for _w in re.findall(r"[0-9a-z]+", fold(name))): code for code, name, _en, _f in CLASSIFICATION
}
CODE = re.compile(r"^(I|II|III|IV|V|VI)(\.[1-6](\.[a-d])?)?$")
STARS = re.compile(r"^([1-5])(?:[.,]0+)?\s*(?:sao|★|\*|stars?)?$")
PHONE = re.compile(r"\+[0-9][0-9 .()-]*")
NEGATIVE = re.compile(r"-\s*[0-9][0-9 .,]*")
FORMULA_STARTS = ("=", "+", "-", "@")


class CellError(ValueError):
    pass


def key(text):
    """A header or word list folded to plain lower-case words: "HẠNG  SAO:" -> "hang sao"."""
    return " ".join(re.findall(r"[0-9a-z]+", fold(str(text or ""))))


def parse_header(text):
    return HEADERS.get(key(text))


def parse_date(value):
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = str(value).strip()
        day = None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                day = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            raise CellError(f"{shown(text)} is not a date (dd/mm/yyyy or yyyy-mm-dd)")
    if reason := date_problem(day):
        raise CellError(reason)
    return day.isoformat()


def parse_stars(value):
    match = STARS.match(nfc(str(value)).strip().lower())
    if not match:
        raise CellError(f"{shown(value)} is not a star rating from 1 to 5")
    return int(match.group(1))


def _vocabulary(table, what):
    phrases = sorted(table, key=len, reverse=True)  # "cooperative group" before "cooperative"

    def parse(value):
        folded = key(value)
        for phrase in phrases:
            if folded == phrase or folded.startswith(phrase + " "):
                return table[phrase]
        raise CellError(f"{shown(value)} is not a known {what}")

    return parse


parse_level = _vocabulary(LEVELS, "recognition level")
parse_status = _vocabulary(STATUSES, "status")
parse_kind = _vocabulary(KINDS, "producer kind")


def parse_category(value):
    text = str(value).strip()
    parts = text.replace(" ", "").split(".")
    code = ".".join([parts[0].upper(), *parts[1:2], *(p.lower() for p in parts[2:3])])
    if CODE.match(code):
        return code
    if key(text) in CATEGORY_NAMES:
        return CATEGORY_NAMES[key(text)]
    raise CellError(f"{shown(text)} is neither a classification code (e.g. I.2.b) nor a group name")


PARSERS = {
    "stars": parse_stars,
    "decision_date": parse_date,
    "valid_until": parse_date,
    "level": parse_level,
    "status": parse_status,
    "producer.kind": parse_kind,
    "category_code": parse_category,
}


def read_table(path):
    """The records of an .xlsx or .csv list, or RegistryFileError listing every problem."""
    path = Path(path)
    reader = {".xlsx": _xlsx_rows, ".csv": _csv_rows}.get(path.suffix.lower())
    if reader is None:
        raise RegistryFileError([f"{path.name}: only .xlsx, .csv and .json files can be imported"])
    return _records(path.name, reader(path))


def _records(name, rows):
    header_row = next(rows, None)
    if header_row is None:
        raise RegistryFileError([f"{name}: the file is empty"])
    number, cells = header_row
    _check_width(name, number, cells)
    headers = [str(h or "").strip() for h in cells]
    problems = [
        f"row {number}, column {get_column_letter(i + 1)}: the header {reason}"
        for i, (value, header) in enumerate(zip(cells, headers, strict=True))
        if (reason := _cell_problem(None, value, header))
    ]
    if problems:
        raise RegistryFileError(problems)
    fields = [parse_header(h) for h in headers]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise RegistryFileError(
            [f"{name}: no column for {', '.join(missing)} (headers found: {', '.join(h for h in headers if h)})"]
        )
    records, errors, data_rows, empty = [], [], 0, 0
    for number, cells in rows:
        _check_width(name, number, cells)
        if all(c in (None, "") or str(c).strip() == "" for c in cells):
            empty += 1
            if empty > MAX_EMPTY_ROWS:
                raise RegistryFileError([f"{name}: more than {MAX_EMPTY_ROWS:,} empty rows; is this the right sheet?"])
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            raise RegistryFileError([f"{name}: more than {MAX_ROWS:,} rows"])
        record, row_errors = _record(number, headers, fields, cells)
        errors.extend(row_errors)
        if record:
            records.append(record)
    if errors:
        raise RegistryFileError(errors)
    return records


def _check_width(name, number, cells):
    if len(cells) > MAX_COLUMNS:
        raise RegistryFileError([f"{name}: row {number} has more than {MAX_COLUMNS} columns"])


def _record(number, headers, fields, cells):
    record, producer, source, errors = {}, {}, {}, []
    for header, field, value in zip(headers, fields, cells, strict=False):
        text = "" if value is None else (value if isinstance(value, datetime.date) else nfc(str(value)).strip())
        source[header] = text.isoformat() if isinstance(text, datetime.date) else text
        if reason := _cell_problem(field, value, source[header]):
            errors.append(f"row {number}, column '{header}': {reason}")
            continue
        if field is None or text == "":
            continue
        try:
            parsed = PARSERS[field](text) if field in PARSERS else text
        except CellError as e:
            errors.append(f"row {number}, column '{header}': {e}")
            continue
        if field.startswith("producer."):
            producer[field.removeprefix("producer.")] = parsed
        else:
            record[field] = parsed
    given = {**record, **{f"producer.{k}": v for k, v in producer.items()}}
    for field in REQUIRED:
        if field not in given and not any(
            e.startswith(f"row {number}, column '{headers[fields.index(field)]}'") for e in errors
        ):
            errors.append(f"row {number}, column '{headers[fields.index(field)]}': is empty")
    if errors:
        return None, errors
    record["producer"] = producer
    record["source_row_number"] = number
    record["source_row"] = source
    return record, []


def _cell_problem(field, value, text):
    """Why a cell (its ``value`` as read, and as ``text``) cannot be used, or None; ``field``
    is the contract's name of its column, None for a column the format does not know."""
    if (isinstance(value, int | float) and not isinstance(value, bool) and value < 0) or NEGATIVE.fullmatch(text):
        return "is a negative number, which no column of this list holds"
    is_phone = field == "producer.phone" and PHONE.fullmatch(text)
    if len(text) > 1 and text.startswith(FORMULA_STARTS) and not is_phone:
        return f"contains a formula (it starts with '{text[0]}'), which is not accepted"
    return text_problem("" if field is None or field in PARSERS else field, text)  # parsed values are short


def _csv_rows(path):
    data = read_limited(path, path.name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RegistryFileError([f"{path.name}: not UTF-8 text (byte {e.start}); save the list as CSV UTF-8"]) from e
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def rows():
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, cells
        except csv.Error as e:  # e.g. a cell longer than the csv module's limit (131,072 characters)
            raise RegistryFileError([f"{path.name}: row {number + 1} cannot be read ({e})"]) from e

    return rows()


def _xlsx_rows(path):
    from openpyxl import load_workbook

    data = io.BytesIO(read_limited(path, path.name))
    _check_archive(path.name, data)  # before openpyxl reads anything
    try:
        workbook = load_workbook(data, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as e:  # openpyxl raises all kinds of errors for a damaged or foreign file
        raise RegistryFileError([f"{path.name}: not a valid Excel workbook ({shown(str(e))})"]) from e
    # Read the cells that are there, not the sheet's own claim about its size: some writers
    # record a wrong one, and openpyxl would drop the rows beyond it or pad every row to it.
    sheet.reset_dimensions()

    def rows():
        number = 0
        try:
            for number, row in enumerate(sheet.iter_rows(), start=1):
                yield number, ["=" + str(c.value).lstrip("=") if c.data_type == "f" else c.value for c in row]
        except RegistryFileError:
            raise
        except Exception as e:  # a damaged cell: a date beyond the calendar, XML cut short…
            raise RegistryFileError([f"{path.name}: row {number + 1} cannot be read ({shown(str(e))})"]) from e
        finally:
            workbook.close()

    return rows()


def _check_archive(name, data):
    """Refuse an .xlsx that would cost far more memory than a list before openpyxl reads any
    of it: a zip bomb (the sizes come from the archive's directory, and zipfile never unpacks
    more than they say), and XML parts that openpyxl would turn into huge rows or many objects
    (it reads every part it knows whole, except the rows of a sheet, which it builds one by
    one, each whole and padded to its last cell)."""
    try:
        with zipfile.ZipFile(data) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise RegistryFileError([f"{name}: the workbook has {len(parts):,} parts; a list has far fewer"])
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                raise RegistryFileError(
                    [f"{name}: the workbook unpacks to {_mb(unpacked)}, over the {_mb(MAX_UNPACKED_BYTES)} limit"]
                )
            for part in parts:
                if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * part.compress_size:
                    raise RegistryFileError(
                        [
                            f"{name}: its part {shown(part.filename)} unpacks from {_mb(part.compress_size)} to "
                            f"{_mb(part.file_size)}, more than {MAX_RATIO} times; this looks like a zip bomb"
                        ]
                    )
            for part in parts:
                with archive.open(part) as stream:
                    _check_part(f"{name}: {shown(part.filename)}", part.file_size, stream)
    except RegistryFileError:
        raise
    except Exception as e:  # not a zip archive, a damaged one, XML that is not well-formed…
        raise RegistryFileError([f"{name}: not a valid Excel workbook ({shown(str(e))})"]) from e


def _check_part(name, size, stream):
    """Walk one part's XML once, keeping almost nothing. A sheet's rows may hold at most
    MAX_COLUMNS cells, within that many columns; anything else is limited in size."""
    events = iterparse(stream, events=("start", "end"))
    try:
        _event, root = next(events)
    except Exception:
        return  # not XML (a picture…): openpyxl does not read it, or fails on it cleanly
    if root.tag.rpartition("}")[2] != "worksheet":
        if size > MAX_PART_BYTES and root.tag.rpartition("}")[2] != "sst":  # shared strings: rows' text
            raise RegistryFileError([f"{name} unpacks to {_mb(size)}; no part of a list but its sheets is that big"])
        return
    path, rows, row, column, cells, in_row, others = [root], 0, 0, 0, 0, 0, 0  # path: the open elements
    for event, element in events:
        if event == "end":
            path.pop()
            if len(path) in (1, 2):  # done with a part of the sheet, or with a row: forget it
                path[-1].clear()
            continue
        path.append(element)
        tag = element.tag.rpartition("}")[2]
        if len(path) == 3 and tag == "row":
            rows += 1
            row, column, cells, in_row = _row_number(element.get("r"), row + 1), 0, 0, 0
            if rows > MAX_ROWS + MAX_EMPTY_ROWS + 1:
                raise RegistryFileError([f"{name} has more than {MAX_ROWS:,} rows"])
        elif len(path) > 3 and path[2].tag.endswith("}row"):
            in_row += 1
            if len(path) == 4 and tag == "c":
                cells += 1
                column = _column_number(element.get("r"), column + 1)
            if cells > MAX_COLUMNS or column > MAX_COLUMNS:
                raise RegistryFileError([f"{name}: row {row} has cells beyond column {MAX_COLUMNS}"])
            if in_row > MAX_ROW_ELEMENTS:
                raise RegistryFileError([f"{name}: row {row} holds more than {MAX_ROW_ELEMENTS:,} XML elements"])
        else:
            others += 1
            if others > MAX_SHEET_ELEMENTS:
                raise RegistryFileError(
                    [f"{name} holds more than {MAX_SHEET_ELEMENTS:,} XML elements besides its rows"]
                )
            if tag == "dimension":
                _check_dimension(name, element.get("ref", ""))


def _check_dimension(name, ref):
    try:
        _min_col, _min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return  # openpyxl is told to ignore the claim anyway
    if (max_col or 0) > MAX_COLUMNS or (max_row or 0) > MAX_ROWS + MAX_EMPTY_ROWS + 1:
        raise RegistryFileError(
            [
                f"{name} says the sheet spans {shown(ref)}; "
                f"a list has at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns"
            ]
        )


def _row_number(text, following):
    return following if text is None else int(float(text))  # as openpyxl reads it


def _column_number(coordinate, following):
    return following if coordinate is None else column_index_from_string(coordinate_from_string(coordinate)[0])


def _mb(size):
    return f"{size / 2**20:.3g} MB"
