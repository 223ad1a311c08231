"""A report as an XLSX workbook (openpyxl): a summary sheet, then one sheet per table, numbers as
numbers (VND amounts formatted ``#.##0 ₫`` by the spreadsheet's locale, dates as dates)."""

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from marketplace.csvexport import safe_cell

from .figures import COUNT, DATE, MONEY, MONTH, RATIO

FORMATS = {MONEY: '#,##0 "₫"', DATE: "dd/mm/yyyy", MONTH: "mm/yyyy", COUNT: "#,##0", RATIO: "0.00"}
BOLD = Font(bold=True)


def sheet_title(text, taken):
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    title = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"
    base, n = title, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def cell(value, kind):
    if value is None:
        return None
    return safe_cell(value) if kind not in FORMATS else value


def workbook(report, summary_rows):
    """The XLSX file's bytes."""
    book = Workbook()
    taken = set()
    sheet = book.active
    sheet.title = sheet_title(_("Summary"), taken)
    sheet.append([_("OCOP report: %(area)s, %(period)s") % {"area": report.area, "period": report.period}])
    sheet["A1"].font = BOLD
    sheet.append([_("Made on"), report.today])
    sheet["B2"].number_format = FORMATS[DATE]
    for label, value, kind in summary_rows:
        sheet.append([str(label), cell(value, kind)])
        if kind in FORMATS:
            sheet.cell(sheet.max_row, 2).number_format = FORMATS[kind]
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 18
    for table in report.tables():
        sheet = book.create_sheet(sheet_title(table.sheet, taken))
        sheet.append([table.title])
        sheet["A1"].font = BOLD
        sheet.append([column.label for column in table.columns])
        for header in sheet[2]:
            header.font = BOLD
        for row in table.rows:
            sheet.append([cell(value, column.kind) for value, column in zip(row, table.columns, strict=True)])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 16 if column.kind in FORMATS else 36
            if column.kind in FORMATS:
                for (value,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                    value.number_format = FORMATS[column.kind]
        if not table.rows and table.empty:
            sheet.append([table.empty])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
