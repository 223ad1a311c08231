from marketplace.salespoints.imports import import_points

from ._transfer import ImportCommand


class Command(ImportCommand):
    help = """Import a province's list of sales points ("Danh sách điểm bán"), .csv or .xlsx.

Row 1 holds the headers (any order; case, diacritics and spacing do not matter; * required):
  Mã điểm bán*       the province's code of the point, e.g. BG-LN-01: the key, an existing
                     point with this code is updated, otherwise one is created
  Tên điểm bán*      the point's name
  Loại*              Trung tâm tỉnh, Điểm cấp huyện, Cửa hàng đối tác, Điểm du lịch or
                     Gian hàng hội chợ
  Đơn vị vận hành    the operator
  Địa chỉ*           the street address as written
  Mã tỉnh*, Mã huyện*, Mã xã
                     legacy (pre-2025) GSO codes, e.g. 24, 218, 07504; the current province
                     and commune are derived from them
  Vĩ độ, Kinh độ     decimal degrees, both or neither (else the ward's, or the district's)
  Điện thoại         e.g. 0204 3882 123 or +84 912 345 678 (stored as 0912 345 678)
  Giờ mở cửa         e.g. T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ
  Đạt tiêu chí 950   Có, Không, or empty (not assessed)
  Hoạt động          Có or Không (empty: Có)
Other columns are ignored and reported. An optional column the file does not have leaves
that field of existing points unchanged.

All or nothing: a file with any error changes nothing, and every problem is listed with its
row (as the spreadsheet numbers it), column and reason; the command then exits with an error.
Importing the same file again changes nothing."""
    unit = "point"
    importer = staticmethod(import_points)
