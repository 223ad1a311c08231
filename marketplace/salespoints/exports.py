"""Writing the provinces' two sales-point files (docs/sales-points-formats.md) as CSV or XLSX:
the same Vietnamese headers, kinds, Có/Không and opening-hours notation the importer reads, so
that a downloaded file imported again changes nothing.

- Coordinates are written only when they were given (``location_source`` "given"); those taken
  from the ward or district are left empty, and are taken from there again on import.
- CSV goes through marketplace/csvexport.py (UTF-8 with BOM; text starting with ``=``, ``+``,
  ``-``, ``@`` gets a leading apostrophe, which the importer drops again).
- XLSX: every text is a text cell (never a formula, ``=`` included), and text that a
  spreadsheet would take for a formula also carries Excel's "quote prefix", so that editing the
  cell keeps it text; codes stay text ("01", not 1).
"""

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from catalog.certification.constants import local_today
from marketplace.csvexport import FORMULA_STARTS, CSVResponse

from .fileformat import KIND_LABELS, POINT_COLUMNS, STOCK_COLUMNS, yes_no_text
from .models import LocationSource, PointStock, SalesPoint

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
SHEET_TITLES = {"points": "Danh sách điểm bán", "stock": "Tồn kho tại điểm bán"}
FILE_NAMES = {"points": "diem-ban-ocop", "stock": "ton-kho-diem-ban-ocop"}
WIDTHS = {"name": 50, "address": 50, "operator": 30, "hours": 40, "kind": 18, "phone": 28}


def points(province=None):
    """The points to export (all of them, inactive ones too), by code."""
    queryset = SalesPoint.objects.for_list().order_by("code")
    return queryset.filter(legacy_province_id=province) if province else queryset


def stock(province=None):
    """The stock rows to export: those the format can name (the product has an OCOP code)."""
    queryset = (
        PointStock.objects.select_related("point", "product")
        .exclude(product__product_code__isnull=True)
        .exclude(product__product_code="")
        .order_by("point__code", "product__product_code")
    )
    return queryset.filter(point__legacy_province_id=province) if province else queryset


def point_row(point):
    given = point.location_source == LocationSource.GIVEN and point.has_location
    return [
        point.code,
        point.name,
        KIND_LABELS.get(point.kind, point.kind),
        point.operator,
        point.address,
        point.legacy_province_id or "",
        point.legacy_district_id or "",
        point.legacy_ward_id or "",
        point.latitude if given else None,
        point.longitude if given else None,
        point.phone,
        point.hours_text,
        yes_no_text(point.meets_950),
        yes_no_text(point.is_active),
    ]


def stock_row(row):
    return [row.point.code, row.product.product_code, row.num_in_stock]


def rows(kind, province=None):
    """``(columns, rows)`` of the file ``kind`` ("points" or "stock")."""
    if kind == "points":
        return POINT_COLUMNS, (point_row(p) for p in points(province))
    return STOCK_COLUMNS, (stock_row(s) for s in stock(province))


def file_name(kind, fmt, province=None):
    return f"{FILE_NAMES[kind]}-{province or 'tat-ca'}-{local_today().isoformat()}.{fmt}"


def response(kind, fmt, province=None):
    """The download of file ``kind`` in ``fmt`` ("csv" or "xlsx"), of one province (its legacy
    code) or of all."""
    columns, data = rows(kind, province)
    name = file_name(kind, fmt, province)
    if fmt == "csv":
        return CSVResponse(name, [c.header for c in columns], data)
    answer = HttpResponse(xlsx_bytes(SHEET_TITLES[kind], columns, data), content_type=XLSX_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{name}"'
    return answer


def xlsx_bytes(title, columns, data):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for index, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = WIDTHS.get(column.field, 16)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, c.header, font=bold) for c in columns])
    for row in data:
        sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, value, font=None):
    if value is None or value == "" or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value if value != "" else None
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"  # text, even "=…": openpyxl would otherwise write a formula
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    if font:
        cell.font = font
    return cell
