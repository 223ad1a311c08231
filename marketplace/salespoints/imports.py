"""Importing the provinces' sales-point files (docs/sales-points-formats.md): the list of points
and the stock at points, .csv (UTF-8 with or without BOM, comma or semicolon) or .xlsx.

:func:`import_points` and :func:`import_stock` read a whole file into validated rows first;
a file with any error changes nothing, and the :class:`Report` names every bad row (its number
as the spreadsheet shows it, header = row 1), its column and the reason, in the active language.
Only a file without errors is written, in one transaction. Importing the same file again
changes nothing: rows that match what is stored are counted *unchanged* and not saved.

- Headers are matched ignoring case, diacritics and spacing, in any order; columns the format
  does not know are ignored and reported once, as a warning.
- An optional column the file does not have leaves that field of existing points as it is
  (a new point gets the default); a column that is there but empty in a row means "none"
  (no phone, no opening hours, Decision 950 not assessed, coordinates from the ward or
  district) — except "Hoạt động", whose empty cell means Có.
- Cells starting with ``=``, ``+``, ``-`` or ``@`` are text: stored as written, never run (the
  exports write them safely). A formula cell of an .xlsx is read as its text. The apostrophe
  our CSV downloads put before such text (marketplace/csvexport.py) is dropped again.
- The stock file *replaces* the stock of every point it lists: a product the file does not list
  for that point is removed from it (a province re-sends a point's whole list; 0 says "carried,
  none left"). Points the file does not mention keep their stock. A row for a product that is
  not listable today is reported as a warning and skipped: it changes nothing, and what the
  point had for that product stays.
- Hostile files are refused by the shared reader (marketplace/spreadsheets.py): size, rows,
  columns, zip bombs, text that is not UTF-8; cells with control characters or longer than
  their column are errors of their row.
"""

import math
import re
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils.cell import get_column_letter
from oscar.core.loading import get_model

from catalog.listing import why_not_listable
from marketplace import dbstats, pagecache
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince, LegacyWard
from marketplace.adminunits.resolve import UnitIndex
from marketplace.csvexport import unsafe_cell
from marketplace.phones import PhoneError, normalise_phone
from marketplace.spreadsheets import (
    UNSAFE_CHARACTER,
    SpreadsheetRefused,
    character_problem,
    header_key,
    read_rows,
)
from marketplace.text import code_key, nfc, vn_slugify

from . import hours
from .fileformat import KIND_LABELS, KINDS, POINT_COLUMNS, STOCK_COLUMNS, cell_text, yes_no
from .models import LocationSource, PointStock, SalesPoint

Product = get_model("catalogue", "Product")

# Vietnam, its islands included: a coordinate outside is a typing error (or swapped).
LATITUDES = (6, 24)
LONGITUDES = (102, 118)
NUMERIC = {"latitude", "longitude", "quantity"}  # fields whose number cells are read as numbers
SHOWN = 60  # characters of a cell repeated in a message
MAX_QUANTITY = 1_000_000  # more at one point is a typing error (a phone number in the wrong column…)
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")
_CODE_WIDTHS = {"province": 2, "district": 3, "ward": 5}  # GSO codes, which spreadsheets strip of leading zeros


@dataclass(frozen=True)
class Problem:
    """A problem with the file: ``row`` as the spreadsheet numbers it (None: the whole file),
    ``column`` its header as written and ``letter`` its column letter, ``reason`` in words."""

    row: int | None
    column: str
    letter: str
    reason: str

    def __str__(self):
        if self.row is None:
            return self.reason
        if not self.column:
            return _("row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}
        return _("row %(row)s, column %(letter)s “%(column)s”: %(reason)s") % {
            "row": self.row,
            "letter": self.letter,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class Report:
    """What an import found and did. Nothing was written when ``errors`` is not empty."""

    kind: str  # "points" or "stock"
    name: str
    dry_run: bool = False
    rows: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0

    @property
    def applied(self):
        return not self.errors and not self.dry_run

    @property
    def counts(self):
        """The counts, in words."""
        if self.kind == "points":
            return _("%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged") % vars(self)
        return _(
            "%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(removed)d removed (no longer listed for their point), %(skipped)d skipped"
        ) % vars(self)

    @property
    def outcome(self):
        """One sentence: refused, checked or imported."""
        if self.errors:
            return ngettext(
                "Nothing was imported from %(name)s: %(count)d problem.",
                "Nothing was imported from %(name)s: %(count)d problems.",
                len(self.errors),
            ) % {"name": self.name, "count": len(self.errors)}
        if self.dry_run:
            return _("%(name)s can be imported (checked only, nothing was changed): %(counts)s.") % {
                "name": self.name,
                "counts": self.counts,
            }
        return _("%(name)s imported: %(counts)s.") % {"name": self.name, "counts": self.counts}


class _Sheet:
    """A file's rows under its header: which column holds which field of ``columns``."""

    def __init__(self, report, columns):
        self.report, self.columns = report, columns
        self.index = {}  # field -> position
        self.headers = []
        self.rows = []

    def read(self, source, name):
        try:
            rows = read_rows(source, name)
            header = next(rows, None)
            if header is None:
                self.report.errors.append(Problem(None, "", "", _("%(name)s: the file is empty") % {"name": name}))
                return False
            if not self._header(header[1]):
                return False
            self.rows = list(rows)
        except SpreadsheetRefused as refused:
            self.report.errors.extend(Problem(None, "", "", m.translated()) for m in refused.messages)
            return False
        self.report.rows = len(self.rows)
        return True

    def _header(self, cells):
        by_key = {column.key: column for column in self.columns}
        self.headers = [" ".join(cell_text(c).split()) for c in cells]
        unknown, errors = [], self.report.errors
        for position, header in enumerate(self.headers):
            letter = get_column_letter(position + 1)
            if problem := character_problem(header):
                errors.append(Problem(1, _shown(UNSAFE_CHARACTER.sub("\ufffd", header)), letter, problem.translated()))
                continue
            column = by_key.get(header_key(header))
            if column is None:
                if header:
                    unknown.append(f"{letter} “{_shown(header)}”")
            elif column.field in self.index:
                first = self.index[column.field]
                errors.append(
                    Problem(
                        1,
                        header,
                        letter,
                        _("the column is there twice (also column %(letter)s)")
                        % {"letter": get_column_letter(first + 1)},
                    )
                )
            else:
                self.index[column.field] = position
        missing = [c.header for c in self.columns if c.required and c.field not in self.index]
        if missing:
            errors.append(
                Problem(
                    1,
                    "",
                    "",
                    _("required columns are missing: %(missing)s (the header row, row 1, has: %(found)s)")
                    % {
                        "missing": ", ".join(f"“{h}”" for h in missing),
                        "found": ", ".join(f"“{h}”" for h in self.headers if h) or "—",
                    },
                )
            )
        if unknown:
            self.report.warnings.append(
                Problem(
                    1, "", "", _("columns not in the format, ignored: %(columns)s") % {"columns": ", ".join(unknown)}
                )
            )
        return not errors

    def has(self, name):
        return name in self.index

    def cells(self, number, cells):
        """``{field: text}`` of one row, and the row's problems with characters and lengths."""
        values, problems = {}, []
        for column in self.columns:
            position = self.index.get(column.field)
            if position is None:
                continue
            value = cells[position] if position < len(cells) else None
            text = unsafe_cell(nfc(cell_text(value))).strip()
            if problem := character_problem(text):
                problems.append(self.problem(number, column.field, problem.translated()))
                continue
            if len(text) > column.max_length:
                problems.append(
                    self.problem(
                        number,
                        column.field,
                        _("is too long (%(length)s characters; at most %(limit)s)")
                        % {"length": f"{len(text):,}", "limit": f"{column.max_length:,}"},
                    )
                )
                continue
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            values[column.field] = value if is_number and column.field in NUMERIC else text
        return values, problems

    def problem(self, number, name, reason):
        position = self.index[name]
        return Problem(number, self.headers[position], get_column_letter(position + 1), reason)


def _line(text):
    return " ".join(str(text).split())


def _shown(value):
    """A cell's text as repeated in a message: on one line, cut short."""
    text = _line(cell_text(value))
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _chunks(items, size=500):
    """``items`` in lists of ``size``: ``__in`` lookups stay within every database's limits."""
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def _degrees_text(number):
    return repr(float(number)).removesuffix(".0")


# --- points ------------------------------------------------------------------------------------


@dataclass
class _PointRow:
    number: int
    code: str
    values: dict  # SalesPoint field -> value, for the columns the file has
    units: tuple  # legacy province, district, ward codes (ward None when not given)
    has_ward: bool  # whether the file has a ward column
    location: tuple | None  # (latitude, longitude) given, () given as empty, None: no such columns
    ranges: list | None  # opening hours, None when the file has no such column


class _Units:
    """The legacy units, to check codes and name them in messages, without a query per row."""

    def __init__(self):
        self.index = UnitIndex()
        self.province_names = dict(LegacyProvince.objects.values_list("code", "short_name"))
        self.district_names = dict(LegacyDistrict.objects.values_list("code", "short_name"))

    def ward_name(self, code):
        return LegacyWard.objects.filter(pk=code).values_list("short_name", flat=True).first() or code


def _gso_code(value, level):
    text = _line(cell_text(value))
    return text.zfill(_CODE_WIDTHS[level]) if text.isdigit() else text


def _degrees(value):
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = value.replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # decimal comma
        if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
            raise ValueError(value)
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _check_units(sheet, number, codes, units, problems):
    province, district, ward = codes
    if province and province not in units.index.provinces:
        problems.append(
            sheet.problem(
                number,
                "province",
                _("“%(code)s” is not a province code (the GSO codes before 2025, e.g. 24 for Bắc Giang)")
                % {"code": _shown(province)},
            )
        )
        province = None
    if district:
        its_province = units.index.districts.get(district)
        if its_province is None:
            problems.append(
                sheet.problem(
                    number,
                    "district",
                    _("“%(code)s” is not a district code (the GSO codes before 2025, e.g. 218 for Lục Nam)")
                    % {"code": _shown(district)},
                )
            )
            district = None
        elif province and its_province != province:
            problems.append(
                sheet.problem(
                    number,
                    "district",
                    _(
                        "district %(code)s (%(name)s) is in province %(its)s (%(its_name)s), "
                        "not in %(province)s (%(province_name)s)"
                    )
                    % {
                        "code": district,
                        "name": units.district_names.get(district, ""),
                        "its": its_province,
                        "its_name": units.province_names.get(its_province, ""),
                        "province": province,
                        "province_name": units.province_names.get(province, ""),
                    },
                )
            )
            district = None
    if ward:
        its_district = units.index.wards.get(ward, (None,))[0]
        if its_district is None:
            problems.append(
                sheet.problem(
                    number,
                    "ward",
                    _("“%(code)s” is not a ward or commune code (the GSO codes before 2025)") % {"code": _shown(ward)},
                )
            )
        elif district and its_district != district:
            problems.append(
                sheet.problem(
                    number,
                    "ward",
                    _(
                        "ward %(code)s (%(name)s) is in district %(its)s (%(its_name)s), "
                        "not in %(district)s (%(district_name)s)"
                    )
                    % {
                        "code": ward,
                        "name": units.ward_name(ward),
                        "its": its_district,
                        "its_name": units.district_names.get(its_district, ""),
                        "district": district,
                        "district_name": units.district_names.get(district, ""),
                    },
                )
            )


def _point_row(sheet, number, cells, units, seen):
    given, problems = sheet.cells(number, cells)
    values = {}

    def error(name, reason):
        problems.append(sheet.problem(number, name, reason))

    for column in POINT_COLUMNS:
        if column.required and column.field in given and not cell_text(given[column.field]).strip():
            error(column.field, _("is empty"))
            given.pop(column.field)

    code = _line(given.get("code", ""))
    if code:
        key = code.casefold()
        if key in seen:
            error("code", _("the point code “%(code)s” is already on row %(row)s") % {"code": code, "row": seen[key]})
        else:
            seen[key] = number
    for name in ("name", "address", "operator"):
        if name in given:
            values[name] = _line(given[name])
    if "kind" in given:
        kind = KINDS.get(header_key(given["kind"]))
        if kind is None:
            error(
                "kind",
                _("“%(value)s” is not a kind of point (one of: %(kinds)s)")
                % {"value": _shown(given["kind"]), "kinds": ", ".join(KIND_LABELS.values())},
            )
        else:
            values["kind"] = kind

    codes = tuple(
        _gso_code(given[level], level) if level in given else None for level in ("province", "district", "ward")
    )
    codes = tuple(c or None for c in codes)
    _check_units(sheet, number, codes, units, problems)

    location = None
    if sheet.has("latitude") or sheet.has("longitude"):
        location = _location(sheet, number, given, error)

    if "phone" in given:
        try:
            values["phone"] = normalise_phone(given["phone"])
        except PhoneError as e:
            error("phone", str(e))
    ranges = None
    if "hours" in given:
        try:
            ranges = hours.parse(given["hours"])
        except hours.HoursError as e:
            error("hours", str(e))
    for name, empty in (("meets_950", None), ("is_active", True)):
        if name in given:
            try:
                answer = yes_no(given[name])
            except ValueError:
                error(name, _("“%(value)s” is neither Có nor Không") % {"value": _shown(given[name])})
            else:
                values[name] = empty if answer is None else answer
    if problems:
        return None, problems
    return _PointRow(number, code, values, codes, sheet.has("ward"), location, ranges), []


def _location(sheet, number, given, error):
    """(latitude, longitude), () when both are empty, or None after reporting a problem."""
    texts = {name: given.get(name, "") for name in ("latitude", "longitude")}
    present = {name for name, value in texts.items() if cell_text(value).strip()}
    if not present:
        return ()
    headers = {c.field: c.header for c in POINT_COLUMNS if c.field in texts}
    if len(present) == 1:
        [given_name] = present
        missing = "longitude" if given_name == "latitude" else "latitude"
        where = missing if sheet.has(missing) else given_name
        error(
            where,
            _("only one of “%(a)s” and “%(b)s” is given: give both or neither")
            % {
                "a": headers["latitude"],
                "b": headers["longitude"],
            },
        )
        return None
    numbers = {}
    for name in ("latitude", "longitude"):
        try:
            numbers[name] = _degrees(texts[name])
        except ValueError:
            error(name, _("“%(value)s” is not a number of degrees (e.g. 21.2905)") % {"value": _shown(texts[name])})
    if len(numbers) < 2:
        return None
    latitude, longitude = numbers["latitude"], numbers["longitude"]
    in_lat = LATITUDES[0] <= latitude <= LATITUDES[1]
    in_lon = LONGITUDES[0] <= longitude <= LONGITUDES[1]
    if in_lat and in_lon:
        return latitude, longitude
    if LATITUDES[0] <= longitude <= LATITUDES[1] and LONGITUDES[0] <= latitude <= LONGITUDES[1]:
        error(
            "latitude",
            _("latitude %(lat)s and longitude %(lon)s seem swapped")
            % {"lat": _degrees_text(latitude), "lon": _degrees_text(longitude)},
        )
        return None
    if not in_lat:
        error(
            "latitude",
            _("%(value)s is not a latitude in Vietnam (from %(low)s to %(high)s degrees north)")
            % {"value": _degrees_text(latitude), "low": LATITUDES[0], "high": LATITUDES[1]},
        )
    if not in_lon:
        error(
            "longitude",
            _("%(value)s is not a longitude in Vietnam (from %(low)s to %(high)s degrees east)")
            % {"value": _degrees_text(longitude), "low": LONGITUDES[0], "high": LONGITUDES[1]},
        )
    return None


def import_points(source, name=None, dry_run=False, progress=None):
    """Import a points file (``source``: a path or a binary file object, ``name`` with its
    .csv/.xlsx suffix). Returns the :class:`Report`."""
    name = name or str(getattr(source, "name", source)).rpartition("/")[2]
    report = Report("points", name, dry_run)
    sheet = _Sheet(report, POINT_COLUMNS)
    if not sheet.read(source, name):
        return report
    progress = progress or (lambda total=None, advance=0: None)
    progress(total=len(sheet.rows))
    units, seen, rows = _Units(), {}, []
    for number, cells in sheet.rows:
        row, problems = _point_row(sheet, number, cells, units, seen)
        report.errors.extend(problems)
        if row:
            rows.append(row)
        progress(advance=1)
    if report.errors:
        return report
    _write(report, lambda: _apply_points(report, rows, units.index))
    return report


def _write(report, apply):
    """Run ``apply`` in one transaction, rolled back on a dry run or when it fails."""
    try:
        with transaction.atomic():
            apply()
            dbstats.refresh()  # after the commit; forgotten on a rollback
            if report.dry_run:
                transaction.set_rollback(True)
    except DatabaseError as e:
        report.errors.append(
            Problem(
                None, "", "", _("the database refused the changes, so nothing was changed (%(reason)s)") % {"reason": e}
            )
        )
        report.created = report.updated = report.removed = 0


def _apply_points(report, rows, index):
    existing = {p.code.casefold(): p for p in SalesPoint.objects.prefetch_related("hours")}
    slugs = set(SalesPoint.objects.values_list("slug", flat=True))
    ward_codes = {r.units[2] for r in rows if r.units[2]} | {
        p.legacy_ward_id for p in existing.values() if p.legacy_ward_id
    }
    wards = LegacyWard.objects.in_bulk(ward_codes)
    districts = LegacyDistrict.objects.in_bulk({r.units[1] for r in rows})
    for row in rows:
        point = existing.get(row.code.casefold())
        new = point is None
        if new:
            point = SalesPoint(code=row.code, slug=_unique_slug(row.code, slugs))
            before = {}
        else:
            before = _state(point)
            point.code = row.code
        for name, value in row.values.items():
            setattr(point, name, value)
        province, district, ward = row.units
        if not row.has_ward and point.legacy_ward_id in index.wards:
            # The file has no ward column: keep the point's ward while it is in the given district.
            ward = point.legacy_ward_id if index.wards[point.legacy_ward_id][0] == district else None
        for name, value in index.resolve(province, district, ward).items():
            setattr(point, name, value)
        point.legacy_district, point.legacy_ward = districts[district], wards.get(ward) if ward else None
        if row.location:
            point.latitude, point.longitude = row.location
            point.location_source = LocationSource.GIVEN
        elif row.location == ():
            point.location_source = LocationSource.NONE
        point.locate()
        if row.values.get("meets_950") is True:
            point.failed_criteria = []  # it meets them all
        if new:
            point.save()
            if row.ranges:
                point.set_hours(row.ranges)
            report.created += 1
            continue
        hours_changed = row.ranges is not None and sorted(row.ranges) != sorted(point.ranges)
        changed = [name for name, value in _state(point).items() if before[name] != value]
        if not changed and not hours_changed:
            report.unchanged += 1
            continue
        point.save(update_fields=[*changed, "date_updated"])
        if hours_changed:
            point.set_hours(row.ranges)
        report.updated += 1


_STATE_FIELDS = (
    "code",
    "name",
    "kind",
    "operator",
    "address",
    "legacy_province_id",
    "legacy_district_id",
    "legacy_ward_id",
    "province_id",
    "commune_id",
    "latitude",
    "longitude",
    "location_source",
    "phone",
    "meets_950",
    "failed_criteria",
    "is_active",
)


def _state(point):
    return {name: getattr(point, name) for name in _STATE_FIELDS}


def _unique_slug(code, taken):
    base = vn_slugify(code)[:50] or "diem-ban"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


# --- stock -------------------------------------------------------------------------------------


@dataclass
class _StockRow:
    number: int
    point: SalesPoint
    product: Product
    quantity: int


def _quantity(value):
    """A whole number ≥ 0: 12, 12.0, "12", "1.200" or "1 200" (grouped thousands); ValueError otherwise."""
    if isinstance(value, int | float):
        if not math.isfinite(value) or value != int(value) or value < 0:
            raise ValueError(value)
        return int(value)
    text = value.strip()
    if _GROUPED_NUMBER.fullmatch(text):
        text = re.sub(r"[.,\s]", "", text)
    if not text.isascii() or not text.isdigit():
        raise ValueError(value)
    return int(text)


class _Products:
    """Products by the key their OCOP code is matched by (marketplace.text.code_key), as the
    product page shows it: spacing, case and separators do not matter."""

    def __init__(self, codes):
        self.by_key, self.listable = {}, set()
        for keys in _chunks({code_key(c) for c in codes}):
            for product in Product.objects.filter(code_key__in=keys).select_related("certificate", "producer"):
                self.by_key.setdefault(product.code_key, []).append(product)
        for pks in _chunks([p.pk for found in self.by_key.values() for p in found]):
            self.listable.update(Product.objects.listable().filter(pk__in=pks).values_list("pk", flat=True))

    def find(self, code):
        """The product, or a reason why there is none."""
        found = self.by_key.get(code_key(code), [])
        exact = [p for p in found if p.product_code == code]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0], None
        if not found:
            return None, _("no product has the OCOP code “%(code)s”") % {"code": _shown(code)}
        return None, _("“%(code)s” matches several products: %(codes)s") % {
            "code": _shown(code),
            "codes": ", ".join(sorted(p.product_code for p in found)),
        }


def import_stock(source, name=None, dry_run=False, progress=None):
    """Import a stock file (see :func:`import_points` for the arguments): it replaces the stock
    of every point it lists. Returns the :class:`Report`."""
    name = name or str(getattr(source, "name", source)).rpartition("/")[2]
    report = Report("stock", name, dry_run)
    sheet = _Sheet(report, STOCK_COLUMNS)
    if not sheet.read(source, name):
        return report
    progress = progress or (lambda total=None, advance=0: None)
    progress(total=len(sheet.rows))
    given = []
    for number, cells in sheet.rows:
        values, problems = sheet.cells(number, cells)
        report.errors.extend(problems)
        given.append((number, values, problems))
    points = {p.code.casefold(): p for p in SalesPoint.objects.only("pk", "code", "name")}
    products = _Products({_line(v["product"]) for _n, v, _p in given if v.get("product")})
    rows, skipped, seen = [], set(), {}
    for number, values, problems in given:
        progress(advance=1)
        if problems:
            continue
        row = _stock_row(sheet, report, number, values, points, products)
        if row is None:
            continue
        pair = (row.point.pk, row.product.pk)
        if pair in seen:
            report.errors.append(
                sheet.problem(
                    number,
                    "product",
                    _("%(product)s at %(point)s is already on row %(row)s")
                    % {"product": row.product.product_code, "point": row.point.code, "row": seen[pair]},
                )
            )
            continue
        seen[pair] = number
        if row.product.pk not in products.listable:
            reason = (why_not_listable(row.product) or _("not listed")).rstrip(".")
            report.warnings.append(
                sheet.problem(
                    number,
                    "product",
                    _("%(code)s (%(name)s) is not listed today (%(reason)s): row skipped")
                    % {"code": row.product.product_code, "name": row.product.title, "reason": reason},
                )
            )
            skipped.add(pair)
            continue
        rows.append(row)
    report.skipped = len(skipped)
    if report.errors:
        return report
    listed_points = {pair[0] for pair in seen}
    _write(report, lambda: _apply_stock(report, rows, listed_points, set(seen)))
    return report


def _stock_row(sheet, report, number, values, points, products):
    ok = True
    for column in STOCK_COLUMNS:
        if not str(values.get(column.field, "")).strip():
            report.errors.append(sheet.problem(number, column.field, _("is empty")))
            ok = False
    if not ok:
        return None
    code = _line(values["point"])
    point = points.get(code.casefold())
    if point is None:
        report.errors.append(
            sheet.problem(
                number,
                "point",
                _("no sales point has the code “%(code)s” (import the points first)") % {"code": _shown(code)},
            )
        )
    product, reason = products.find(_line(values["product"]))
    if reason:
        report.errors.append(sheet.problem(number, "product", reason))
    try:
        quantity = _quantity(values["quantity"])
    except ValueError:
        report.errors.append(
            sheet.problem(
                number,
                "quantity",
                _("“%(value)s” is not a whole number of 0 or more") % {"value": _shown(values["quantity"])},
            )
        )
        return None
    if quantity > MAX_QUANTITY:
        report.errors.append(
            sheet.problem(
                number,
                "quantity",
                _("%(value)s is more than %(max)s: is this the right column?")
                % {"value": f"{quantity:,}", "max": f"{MAX_QUANTITY:,}"},
            )
        )
        return None
    if point is None or product is None:
        return None
    return _StockRow(number, point, product, quantity)


def _apply_stock(report, rows, listed_points, in_file):
    """Set the quantities of ``rows``; remove the stock of ``listed_points`` that the file does
    not list (``in_file``: every (point, product) pair of the file, skipped rows included)."""
    existing = {
        (s.point_id, s.product_id): s
        for points in _chunks(listed_points)
        for s in PointStock.objects.filter(point_id__in=points)
    }
    now = timezone.now()
    created, updated = [], []
    for row in rows:
        stock = existing.get((row.point.pk, row.product.pk))
        if stock is None:
            created.append(PointStock(point=row.point, product=row.product, num_in_stock=row.quantity))
        elif stock.num_in_stock != row.quantity:
            stock.num_in_stock, stock.date_updated = row.quantity, now
            updated.append(stock)
        else:
            report.unchanged += 1
    PointStock.objects.bulk_create(created, batch_size=1_000)
    PointStock.objects.bulk_update(updated, ["num_in_stock", "date_updated"], batch_size=1_000)
    gone = [stock.pk for pair, stock in existing.items() if pair not in in_file]
    removed = 0
    for pks in _chunks(gone):
        # Only what the format can name: a product without an OCOP code cannot be in any file.
        removed += (
            PointStock.objects.filter(pk__in=pks)
            .exclude(product__product_code__isnull=True)
            .exclude(product__product_code="")
            .delete()[0]
        )
    report.created, report.updated, report.removed = len(created), len(updated), removed
    pagecache.bump()  # bulk writes send no signal
