from marketplace.salespoints.imports import import_stock

from ._transfer import ImportCommand


class Command(ImportCommand):
    help = """Import the stock at sales points ("Tồn kho tại điểm bán"), .csv or .xlsx.

Row 1 holds the headers (any order; case, diacritics and spacing do not matter):
  Mã điểm bán       a point's code (the point must exist: import the points first)
  Mã sản phẩm OCOP  the product's OCOP code as on its page (spacing and case do not matter)
  Số lượng          a whole number, 0 or more

The file REPLACES the stock of every point it lists: a product that the file does not list for
such a point is removed from that point (write 0 for "carried, none left"). Points the file
does not mention keep their stock. A row for a product that is not listed today (certificate
expired, revoked…) is reported as a warning and skipped; a row for an unknown point or product
is an error.

All or nothing: a file with any error changes nothing, and every problem is listed with its
row (as the spreadsheet numbers it), column and reason; the command then exits with an error.
Importing the same file again changes nothing."""
    importer = staticmethod(import_stock)
