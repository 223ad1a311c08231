"""Reading registry records (docs/registry-formats.md) into plain, validated Python objects.

Nothing here touches the database: a file is read and checked whole first, so a bad file
can be refused with every error listed before anything is written.

Hostile input is refused here, with the record and field named, before it can reach Python's
recursion limit, the database or date arithmetic: files over ``MAX_FILE_BYTES``; anything
nested deeper than ``MAX_DEPTH``; numbers of more than ``MAX_DIGITS`` digits, NaN and
infinities (JSON has none; PostgreSQL's ``jsonb`` refuses them); text with a NUL or another
control character (tab and line breaks excepted) or a lone surrogate (PostgreSQL and UTF-8
refuse both), in values and in field names; text longer than its column (``TEXT_LIMITS``)
or, where no column limits it, than ``MAX_TEXT``; dates and times outside
``FIRST_DAY``–``LAST_DAY``.
"""

import datetime
import hashlib
import json
import math
import re
from dataclasses import dataclass, field

from django.utils.dateparse import parse_date, parse_datetime

from marketplace import spreadsheets
from marketplace.spreadsheets import UNSAFE_CHARACTER as _UNSAFE_CHARACTER
from marketplace.spreadsheets import character_problem, shown
from marketplace.text import nfc, vn_slugify

# One mapping table from another dialect's field names to the contract's: a new dialect
# is a new entry here, not new code. The national system's public lookup uses these.
FIELD_ALIASES = {
    "ocop_certificate_number": "certificate_code",
    "issued_on": "decision_date",
    "expiry_date": "valid_until",
    "ocop_star": "stars",
    "manufacturer": "producer",
}
PRODUCER_ALIASES = {"producer_code": "code", "producer_name": "name"}

STATUSES = {"valid", "suspended", "revoked"}
LEVELS = {"district", "province", "national"}
PRODUCER_KINDS = {"cooperative", "enterprise", "cooperative_group", "household"}

MAX_FILE_BYTES = spreadsheets.MAX_FILE_BYTES  # a registry file, JSON or a province's table
MAX_DEPTH = 20  # objects and lists within a record: the contract's records are 2 deep
MAX_DIGITS = 20  # a longer whole number (beyond 64 bits) is no registry value
MAX_TEXT = 5_000  # text with no column to fit: status_reason, fields the contract does not know
# The most characters a known text field may have: the column it is stored in.
TEXT_LIMITS = {
    "certificate_code": 80,
    "product_code": 64,
    "product_name": 255,
    "category_code": 20,
    "decision_number": 80,
    "producer.code": 64,
    "producer.name": 128,
    "producer.tax_code": 20,
    "producer.address": 255,
    "producer.phone": 40,
    "producer.email": 254,
}
# Dates and times outside these are typing errors (9999-12-31), not certificates; the OCOP
# programme began in 2018.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
_HUGE = 10**MAX_DIGITS


class RegistryFileError(Exception):
    """The file cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class RecordError:
    index: int  # 1-based position in the file, or the row number of a table's row
    code: str  # the certificate code, when the record has one
    field: str
    reason: str
    unit: str = "record"  # "row" for a record read from a table

    def __str__(self):
        where = f"{self.unit} {self.index}" + (f" ({self.code})" if self.code else "")
        return f"{where}, field '{self.field}': {self.reason}"


@dataclass
class ProducerRecord:
    code: str
    name: str
    kind: str = ""
    tax_code: str = ""
    address: str = ""
    province_code: str | None = None
    district_code: str | None = None
    ward_code: str | None = None
    phone: str = ""
    email: str = ""


@dataclass
class CertificateRecord:
    certificate_code: str
    product_code: str
    product_name: str
    category_code: str
    stars: int
    level: str
    decision_number: str
    decision_date: datetime.date
    valid_until: datetime.date | None
    status: str
    status_reason: str
    status_changed_at: datetime.datetime | None
    updated_at: datetime.datetime | None
    producer: ProducerRecord
    raw: dict = field(repr=False, default_factory=dict)


def read_file(path):
    """The records of a registry JSON file: a list, or a page object with ``results``."""
    data = read_limited(path, str(path))
    try:
        data = json.loads(
            data.decode("utf-8"), parse_int=_whole_number, parse_float=_number, parse_constant=_not_a_number
        )
    except UnicodeDecodeError as e:
        raise RegistryFileError([f"{path}: not UTF-8 text ({e.reason} at byte {e.start})"]) from e
    except json.JSONDecodeError as e:
        raise RegistryFileError([f"{path}: not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})"]) from e
    except RecursionError as e:
        raise RegistryFileError(
            [f"{path}: nested too deeply to read (a record may be at most {MAX_DEPTH} levels deep)"]
        ) from e
    return records_of(data, str(path))


def read_limited(path, name):
    """The bytes of the file at ``path``; a file over MAX_FILE_BYTES is refused unread."""
    try:
        return spreadsheets.read_limited(path, name)
    except spreadsheets.SpreadsheetRefused as e:
        raise RegistryFileError(e.errors) from e


def records_of(data, source="data"):
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if not isinstance(data, list):
        raise RegistryFileError([f"{source}: expected a list of certificates or a page object with 'results'"])
    return data


def parse_all(items):
    """Validate every item; return the records, or raise RegistryFileError listing all errors."""
    records, errors = [], []
    for index, item in enumerate(items, start=1):
        record, record_errors = parse_record(item, index)
        errors.extend(record_errors)
        if record is not None:
            records.append(record)
    if errors:
        raise RegistryFileError(errors)
    return records


def parse_record(item, index):
    """Return ``(record, [])`` or ``(None, [RecordError, …])``."""
    if not isinstance(item, dict):
        return None, [RecordError(index, "", "-", "expected an object")]
    unit = "record"
    if isinstance(row := item.get("source_row_number"), int) and not isinstance(row, bool):
        index, unit = row, "row"  # read from a table: name the row as the spreadsheet shows it
    unsafe = _unsafe_fields(item)
    code = _given_code(item)
    if unsafe:
        return None, [RecordError(index, code, name, reason, unit) for name, reason in unsafe]
    data = _normalise(item)
    errors = []

    def error(name, reason):
        errors.append(RecordError(index, code, name, reason, unit))

    producer = _parse_producer(data.get("producer"), error)
    product_name = _text(data.get("product_name"))
    if not product_name:
        error("product_name", "is missing")
    stars = _stars(data.get("stars"))
    if stars is None:
        error("stars", f"must be a whole number from 1 to 5, not {shown(data.get('stars'))}")
    decision_date = _date(data.get("decision_date"), "decision_date", error, required=True)
    valid_until = _date(data.get("valid_until"), "valid_until", error)
    status_changed_at = _datetime(data.get("status_changed_at"), "status_changed_at", error)
    updated_at = _datetime(data.get("updated_at"), "updated_at", error)
    status = _text(data.get("status")).lower()
    if status not in STATUSES:
        error("status", f"must be one of {', '.join(sorted(STATUSES))}, not {shown(data.get('status'))}")
    decision_number = _text(data.get("decision_number"))
    product_code = _text(data.get("product_code"))
    category_code = _text(data.get("category_code"))
    texts = {
        "certificate_code": _text(data.get("certificate_code")),
        "product_code": product_code,
        "product_name": product_name,
        "category_code": category_code,
        "decision_number": decision_number,
    }
    for name, text in texts.items():  # normalised, and checked for control characters
        if reason := _length_problem(name, len(text)):
            error(name, reason)
    if not texts["certificate_code"]:
        if not (decision_number and product_name and producer):
            error(
                "certificate_code", "is missing and cannot be derived (needs decision_number, product_name, producer)"
            )
        else:
            code = derived_certificate_code(decision_number, product_name, producer.name)
    if errors:
        return None, errors
    return CertificateRecord(
        certificate_code=code.strip(),
        product_code=product_code or derived_product_code(product_name, producer.code),
        product_name=product_name,
        category_code=category_code,
        stars=stars,
        level=_choice(data.get("level"), LEVELS),
        decision_number=decision_number,
        decision_date=decision_date,
        valid_until=valid_until,
        status=status,
        status_reason=_text(data.get("status_reason")),
        status_changed_at=status_changed_at,
        updated_at=updated_at,
        producer=producer,
        raw=data,
    ), []


def _parse_producer(value, error):
    if not isinstance(value, dict):
        error("producer", "is missing" if value is None else "must be an object")
        return None
    value = {PRODUCER_ALIASES.get(k, k): v for k, v in value.items()}
    name = _text(value.get("name"))
    if not name:
        error("producer.name", "is missing")
        return None
    texts = {key: _text(value.get(key)) for key in ("code", "name", "tax_code", "address", "phone", "email")}
    problems = [(k, reason) for k, text in texts.items() if (reason := _length_problem(f"producer.{k}", len(text)))]
    for key, reason in problems:
        error(f"producer.{key}", reason)
    if problems:
        return None
    return ProducerRecord(
        code=texts["code"] or derived_producer_code(name, texts["tax_code"]),
        name=name,
        kind=_choice(value.get("kind"), PRODUCER_KINDS),
        tax_code=texts["tax_code"],
        address=texts["address"],
        province_code=_code(value.get("province_code")),
        district_code=_code(value.get("district_code")),
        ward_code=_code(value.get("ward_code")),
        phone=texts["phone"],
        email=texts["email"],
    )


def text_problem(name, text):
    """Why ``text`` cannot be the value of field ``name`` ("producer.name" for a producer's),
    or None. Tables and JSON records share this rule: no control character but tab and line
    breaks, at most MAX_TEXT characters as received, and a known field at most as long as its
    column once normalised (NFC, white space collapsed) as it will be stored."""
    if problem := character_problem(text):
        return str(problem)
    length = len(text)
    if length <= MAX_TEXT and name in TEXT_LIMITS:
        length = len(_text(nfc(text)))
    return _length_problem(name, length)


def _length_problem(name, length):
    limit = TEXT_LIMITS.get(name, MAX_TEXT)
    return f"is too long ({length:,} characters; at most {limit:,})" if length > limit else None


def date_problem(day):
    """Why ``day`` cannot be a certificate's date, or None."""
    if not FIRST_DAY <= day <= LAST_DAY:
        return f"{day.isoformat()} is not a plausible date (from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
    return None


class _Refused:
    """Put by :func:`read_file`'s parser in place of a number Python cannot read or the
    database cannot keep (10**5000, NaN, 1e400), so the record holding it is refused, named."""

    def __init__(self, reason):
        self.reason = reason


def _whole_number(text):
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Refused(f"is a number of {digits:,} digits; at most {MAX_DIGITS} are accepted")
    return int(text)


def _number(text):
    value = float(text)
    return value if math.isfinite(value) else _Refused(f"{shown(text)} is too large a number")


def _not_a_number(text):
    return _Refused(f"is {text}, which is not a number")


def _unsafe_fields(item):
    """``[(field, reason)]`` for the fields of a record as received that hold something
    hostile (see the module docstring), the first thing found in each."""
    problems = []
    for key, value in item.items():
        name = FIELD_ALIASES.get(key, key)
        if name == "producer" and isinstance(value, dict):
            for k, v in value.items():
                path = f"producer.{_label(PRODUCER_ALIASES.get(k, k))}"
                if not _plain(k, v) and (problem := _first_unsafe(path, k, v, 2)):
                    problems.append(problem)
        elif not _plain(key, value) and (problem := _first_unsafe(_label(name), key, value, 1)):
            problems.append(problem)
    return problems


def _plain(key, value):
    """The common case, decided fast: a short, clean name holding a short, clean text, a
    small number or nothing (a known field's length is checked once normalised)."""
    if type(key) is not str or len(key) > 60 or _UNSAFE_CHARACTER.search(key):
        return False
    kind = type(value)
    if kind is str:
        return len(value) <= MAX_TEXT and not _UNSAFE_CHARACTER.search(value)
    if kind is int:
        return -_HUGE < value < _HUGE
    return value is None or kind is bool or (kind is float and math.isfinite(value))


def _first_unsafe(name, key, value, depth):
    """``(path, reason)`` for the first hostile thing in field ``name``, or None. Depth first
    with one iterator per level: neither deep nesting nor a huge list costs stack or memory."""
    if reason := _unsafe_value(name, key, value, depth):
        return name, reason
    levels = [(name, _children(value), depth + 1)] if isinstance(value, dict | list) else []
    while levels:
        parent, children, depth = levels[-1]
        child = next(children, None)
        if child is None:
            levels.pop()
            continue
        key, value = child
        path = f"{parent}.{_label(key)}" if isinstance(key, str) else f"{parent}[{key}]"
        if reason := _unsafe_value(path, key if isinstance(key, str) else None, value, depth):
            return path, reason
        if isinstance(value, dict | list):
            levels.append((path, _children(value), depth + 1))
    return None


def _label(key):
    """A field name fit for an error message: as it is, or quoted and cut short."""
    return key if len(key) <= 60 and key.isprintable() else shown(key)


def _children(value):
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)


def _unsafe_value(path, key, value, depth):
    if isinstance(key, str) and (reason := text_problem("", key)):
        return f"its name {reason}"
    if isinstance(value, dict | list) and depth >= MAX_DEPTH:
        return f"is nested more than {MAX_DEPTH} levels deep"
    if isinstance(value, str):
        return text_problem(path, value)
    if isinstance(value, _Refused):
        return value.reason
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _HUGE:
        return f"is a number of more than {MAX_DIGITS} digits"
    if isinstance(value, float) and not math.isfinite(value):
        return f"is {value}, which is not a number JSON allows"
    return None


def _given_code(item):
    """The record's certificate code as given, to name it in errors, if it is fit to show."""
    code = item.get("certificate_code", item.get("ocop_certificate_number"))
    if not isinstance(code, str) or text_problem("certificate_code", code):
        return ""
    return " ".join(code.split())


def derived_certificate_code(decision_number, product_name, producer_name):
    """A stable code for a record that has none, so importing it twice changes nothing."""
    key = "|".join(vn_slugify(part) for part in (decision_number, product_name, producer_name))
    return "X-" + hashlib.sha1(key.encode()).hexdigest()[:16].upper()


def derived_product_code(product_name, producer_code):
    return f"{producer_code}:{vn_slugify(product_name)}"[:64]


def derived_producer_code(name, tax_code):
    return f"MST-{tax_code}" if tax_code else "X-" + hashlib.sha1(vn_slugify(name).encode()).hexdigest()[:12].upper()


def _normalise(value):
    """NFC-normalise every string and apply the field-name mapping table."""
    if isinstance(value, dict):
        return {FIELD_ALIASES.get(k, k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return nfc(value)


def _text(value):
    if value is None:
        return ""
    return " ".join(str(value).split())


def _code(value):
    text = _text(value)
    return text or None


def _choice(value, allowed):
    text = _text(value).lower()
    return text if text in allowed else ""


def _stars(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch("[0-9]{1,3}", value.strip()):
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and 1 <= value <= 5 else None


def _date(value, name, error, required=False):
    if value in (None, ""):
        if required:
            error(name, "is missing")
        return None
    parsed = None
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = parse_date(text) or (moment.date() if (moment := parse_datetime(text)) else None)
        except ValueError:
            parsed = None
    if parsed is None:
        error(name, f"must be a date as YYYY-MM-DD, not {shown(value)}")
    elif reason := date_problem(parsed):
        error(name, reason)
        return None
    return parsed


def _datetime(value, name, error):
    if value in (None, ""):
        return None
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            parsed = None
    if parsed is None or parsed.tzinfo is None:
        error(name, f"must be an ISO 8601 date and time with an offset, not {shown(value)}")
        return None
    if reason := date_problem(parsed.date()):
        error(name, reason)
        return None
    return parsed
