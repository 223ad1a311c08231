"""Provincial certified-product lists (.xlsx or .csv, registry-contract.md part 2), read into
the contract's JSON record shape so the same validation and import apply.

Headers are matched ignoring case, diacritics and punctuation, in Vietnamese or English.
Every bad row is reported with its row number, column and reason, and then nothing is
returned; hostile files (huge, not UTF-8, formulas, endless empty rows) are refused early.
"""

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

from catalog.catalogue.classification import CLASSIFICATION
from marketplace.text import fold, nfc

from .records import RegistryFileError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_EMPTY_ROWS = 1_000

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


class CellError(ValueError):
    pass


def key(text):
    """A header or word list folded to plain lower-case words: "HẠNG  SAO:" -> "hang sao"."""
    return " ".join(re.findall(r"[0-9a-z]+", fold(str(text or ""))))


def parse_header(text):
    return HEADERS.get(key(text))


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise CellError(f"{text!r} is not a date (dd/mm/yyyy or yyyy-mm-dd)")


def parse_stars(value):
    match = STARS.match(nfc(str(value)).strip().lower())
    if not match:
        raise CellError(f"{value!r} is not a star rating from 1 to 5")
    return int(match.group(1))


def _vocabulary(table, what):
    phrases = sorted(table, key=len, reverse=True)  # "cooperative group" before "cooperative"

    def parse(value):
        folded = key(value)
        for phrase in phrases:
            if folded == phrase or folded.startswith(phrase + " "):
                return table[phrase]
        raise CellError(f"{value!r} is not a known {what}")

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
    raise CellError(f"{text!r} is neither a classification code (e.g. I.2.b) nor a group name")


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
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise RegistryFileError([f"{path.name}: {size / 2**20:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit"])
    rows = (
        _xlsx_rows(path)
        if path.suffix.lower() == ".xlsx"
        else _csv_rows(path)
        if path.suffix.lower() == ".csv"
        else None
    )
    if rows is None:
        raise RegistryFileError([f"{path.name}: only .xlsx, .csv and .json files can be imported"])
    return _records(path.name, rows)


def _records(name, rows):
    header_row = next(rows, None)
    if header_row is None:
        raise RegistryFileError([f"{name}: the file is empty"])
    headers = [str(h or "").strip() for h in header_row[1]]
    fields = [parse_header(h) for h in headers]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise RegistryFileError(
            [f"{name}: no column for {', '.join(missing)} (headers found: {', '.join(h for h in headers if h)})"]
        )
    records, errors, empty = [], [], 0
    for number, cells in rows:
        if all(c in (None, "") or str(c).strip() == "" for c in cells):
            empty += 1
            if empty > MAX_EMPTY_ROWS:
                raise RegistryFileError([f"{name}: more than {MAX_EMPTY_ROWS:,} empty rows; is this the right sheet?"])
            continue
        if len(records) + len(errors) >= MAX_ROWS:
            raise RegistryFileError([f"{name}: more than {MAX_ROWS:,} rows"])
        record, row_errors = _record(number, headers, fields, cells)
        errors.extend(row_errors)
        if record:
            records.append(record)
    if errors:
        raise RegistryFileError(errors)
    return records


def _record(number, headers, fields, cells):
    record, producer, source, errors = {}, {}, {}, []
    for header, field, value in zip(headers, fields, cells, strict=False):
        text = "" if value is None else (value if isinstance(value, datetime.date) else nfc(str(value)).strip())
        source[header] = text.isoformat() if isinstance(text, datetime.date) else text
        if isinstance(text, str) and text.startswith("="):
            errors.append(f"row {number}, column '{header}': contains a formula, which is not accepted")
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


def _csv_rows(path):
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RegistryFileError([f"{path.name}: not UTF-8 text (byte {e.start}); save the list as CSV UTF-8"]) from e
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return enumerate(csv.reader(io.StringIO(text), dialect), start=1)


def _xlsx_rows(path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise RegistryFileError([f"{path.name}: not a valid Excel workbook ({e})"]) from e
    sheet = workbook.worksheets[0]

    def rows():
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells = []
            for cell in row:
                if cell.data_type == "f":
                    cells.append("=" + str(cell.value).lstrip("="))
                else:
                    cells.append(cell.value)
            yield number, cells
        workbook.close()

    return rows()
