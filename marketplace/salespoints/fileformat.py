"""The provinces' two sales-point files (docs/sales-points-formats.md): their columns, and the
words their cells use. The importer (imports.py) and the exporter (exports.py) both read this,
so what we write is exactly what we read. The files are Vietnamese whatever the page's language:
headers, kinds and Có/Không are never translated.
"""

import datetime
from dataclasses import dataclass

from marketplace.spreadsheets import header_key

from .models import Kind

YES, NO = "Có", "Không"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = False
    max_length: int = 500  # characters of the cell as written; the field's own limit is checked after

    @property
    def key(self):
        return header_key(self.header)


POINT_COLUMNS = (
    Column("code", "Mã điểm bán", required=True, max_length=40),
    Column("name", "Tên điểm bán", required=True, max_length=200),
    Column("kind", "Loại", required=True),
    Column("operator", "Đơn vị vận hành", max_length=200),
    Column("address", "Địa chỉ", required=True, max_length=255),
    Column("province", "Mã tỉnh", required=True),
    Column("district", "Mã huyện", required=True),
    Column("ward", "Mã xã"),
    Column("latitude", "Vĩ độ"),
    Column("longitude", "Kinh độ"),
    Column("phone", "Điện thoại"),
    Column("hours", "Giờ mở cửa", max_length=1_000),
    Column("meets_950", "Đạt tiêu chí 950"),
    Column("is_active", "Hoạt động"),
)

STOCK_COLUMNS = (
    Column("point", "Mã điểm bán", required=True, max_length=40),
    Column("product", "Mã sản phẩm OCOP", required=True, max_length=64),
    Column("quantity", "Số lượng", required=True),
)

#: The "Loại" column's words, as the format writes them.
KIND_LABELS = {
    Kind.SHOWROOM: "Trung tâm tỉnh",
    Kind.DISTRICT: "Điểm cấp huyện",
    Kind.PARTNER: "Cửa hàng đối tác",
    Kind.TOURIST: "Điểm du lịch",
    Kind.FAIR: "Gian hàng hội chợ",
}
# Read: the format's words (any case, with or without diacritics), and our own kind values.
KINDS = {header_key(label): kind for kind, label in KIND_LABELS.items()} | {kind.value: kind for kind in Kind}

# Có / Không, and the other ways a spreadsheet says yes or no (a checkbox cell is a boolean).
YES_WORDS = {"co", "c", "yes", "y", "true", "1", "dat"}
NO_WORDS = {"khong", "k", "no", "n", "false", "0", "khong dat", "chua dat"}


def yes_no(value):
    """``True``/``False`` for a Có/Không cell, ``None`` when empty; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    words = header_key(value)
    if not words:
        return None
    if words in YES_WORDS:
        return True
    if words in NO_WORDS:
        return False
    raise ValueError(value)


def yes_no_text(value):
    return "" if value is None else (YES if value else NO)


def cell_text(value):
    """A cell as text, whatever the spreadsheet stored: ``24.0`` is "24", a date "2026-01-31",
    a checkbox "Có"/"Không"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    return str(value)
