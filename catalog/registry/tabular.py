"""Provincial certified-product lists (.xlsx or .csv, docs/registry-formats.md, part 2), read into
the contract's JSON record shape so the same validation and import apply.

Headers are matched ignoring case, diacritics and punctuation, in Vietnamese or English.
Every bad row is reported with its row number (as the spreadsheet shows it), column and
reason, and then nothing is returned.

Hostile files (too big, not UTF-8, zip bombs, rows too many or too wide…) are refused by the
shared reader, marketplace/spreadsheets.py, before they cost memory; then

- cell text is checked by the same rules as JSON records (records.text_problem and
  records.date_problem: control characters, length, implausible dates).

Formulas: a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` and goes on is refused,
whatever its column (all of them end up in the record as received and may be exported
again): a spreadsheet would run it. The one exception is a phone number in international
form, ``+84 912 345 678`` (a plus sign, then only digits, spaces and ``.()-``), which cannot
call anything. No column of this format holds a negative number, so ``-5`` is refused too,
as is a numeric cell below zero; a lone ``-`` (a common "none") is plain text.
"""

import datetime
import re
from pathlib import Path

from openpyxl.utils.cell import get_column_letter

from catalog.catalogue.classification import CLASSIFICATION
from marketplace.spreadsheets import SpreadsheetRefused, read_rows
from marketplace.spreadsheets import header_key as key
from marketplace.text import fold, nfc

from .records import RegistryFileError, date_problem, shown, text_problem

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
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise RegistryFileError([f"{path.name}: only .xlsx, .csv and .json files can be imported"])
    try:
        return _records(path.name, read_rows(path))
    except SpreadsheetRefused as e:
        raise RegistryFileError(e.errors) from e


def _records(name, rows):
    header_row = next(rows, None)
    if header_row is None:
        raise RegistryFileError([f"{name}: the file is empty"])
    number, cells = header_row
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
    records, errors = [], []
    for number, cells in rows:  # not empty, within the shared reader's limits
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
