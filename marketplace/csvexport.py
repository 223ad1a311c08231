"""CSV downloads for people who open them in a spreadsheet: the one way the site writes CSV.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so a
producer named ``=HYPERLINK("http://evil.example","x")`` would put a live link (or worse) in
the sheet of whoever opens the export ("CSV injection"). Following OWASP's advice, every cell
whose text starts with one of those characters, a tab or a carriage return is written with a
leading apostrophe, which makes the spreadsheet show it as text.

The trade-off: text that merely looks like a formula gets the apostrophe too, e.g. a phone
number ``+84 912 345 678`` reads ``'+84 912 345 678`` (still readable and still the number)
and a negative amount ``-2`` becomes the text ``'-2``. Numbers passed as ``int``, ``float`` or
``Decimal`` are written as they are: only text is neutralised.
"""

import csv
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as a CSV cell that no spreadsheet reads as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unsafe_cell(text):
    """The text of a cell :func:`safe_cell` wrote, when a file we exported comes back: the
    leading apostrophe before ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is dropped
    (``'+84 912 345 678`` is ``+84 912 345 678`` again). Any other text is returned as it is."""
    if isinstance(text, str) and text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class CSVResponse(HttpResponse):
    """A CSV file to download, in UTF-8 with a byte order mark so that Excel reads Vietnamese
    text correctly; every cell goes through :func:`safe_cell`.

    ``CSVResponse("ocop-expiring.csv", header, rows)``
    """

    def __init__(self, filename, header, rows, **kwargs):
        super().__init__(content_type="text/csv; charset=utf-8", **kwargs)
        self["Content-Disposition"] = f'attachment; filename="{filename}"'
        self.write("\ufeff")
        writer = csv.writer(self)
        writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
