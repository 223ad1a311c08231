"""Reading registry records (registry-contract.md) into plain, validated Python objects.

Nothing here touches the database: a file is read and checked whole first, so a bad file
can be refused with every error listed before anything is written.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.utils.dateparse import parse_date, parse_datetime

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


class RegistryFileError(Exception):
    """The file cannot be used; ``errors`` lists every problem found."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class RecordError:
    index: int  # 1-based position in the file
    code: str  # the certificate code, when the record has one
    field: str
    reason: str

    def __str__(self):
        where = f"record {self.index}" + (f" ({self.code})" if self.code else "")
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
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except UnicodeDecodeError as e:
        raise RegistryFileError([f"{path}: not UTF-8 text ({e.reason} at byte {e.start})"]) from e
    except json.JSONDecodeError as e:
        raise RegistryFileError([f"{path}: not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})"]) from e
    except OSError as e:
        raise RegistryFileError([f"{path}: {e.strerror}"]) from e
    return records_of(data, str(path))


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
    data = _normalise(item)
    code = data.get("certificate_code") if isinstance(data.get("certificate_code"), str) else ""
    errors = []

    def error(name, reason):
        errors.append(RecordError(index, code, name, reason))

    producer = _parse_producer(data.get("producer"), error)
    product_name = _text(data.get("product_name"))
    if not product_name:
        error("product_name", "is missing")
    stars = _stars(data.get("stars"))
    if stars is None:
        error("stars", f"must be a whole number from 1 to 5, not {data.get('stars')!r}")
    decision_date = _date(data.get("decision_date"), "decision_date", error, required=True)
    valid_until = _date(data.get("valid_until"), "valid_until", error)
    status_changed_at = _datetime(data.get("status_changed_at"), "status_changed_at", error)
    updated_at = _datetime(data.get("updated_at"), "updated_at", error)
    status = _text(data.get("status")).lower()
    if status not in STATUSES:
        error("status", f"must be one of {', '.join(sorted(STATUSES))}, not {data.get('status')!r}")
    decision_number = _text(data.get("decision_number"))
    if not code:
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
        product_code=_text(data.get("product_code")) or derived_product_code(product_name, producer.code),
        product_name=product_name,
        category_code=_text(data.get("category_code")),
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
    tax_code = _text(value.get("tax_code"))
    return ProducerRecord(
        code=_text(value.get("code")) or derived_producer_code(name, tax_code),
        name=name,
        kind=_choice(value.get("kind"), PRODUCER_KINDS),
        tax_code=tax_code,
        address=_text(value.get("address")),
        province_code=_code(value.get("province_code")),
        district_code=_code(value.get("district_code")),
        ward_code=_code(value.get("ward_code")),
        phone=_text(value.get("phone")),
        email=_text(value.get("email")),
    )


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
    if isinstance(value, str) and value.strip().isdigit():
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
        error(name, f"must be a date as YYYY-MM-DD, not {value!r}")
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
        error(name, f"must be an ISO 8601 date and time with an offset, not {value!r}")
        return None
    return parsed
