"""Write the demo's sales points and their stock in the provinces' spreadsheet format
(/work/shared/sales-points-format.md, docs in marketplace/salespoints): catalog/demo/sales-points-demo.csv
and catalog/demo/sales-point-stock-demo.csv. ``load_demo`` imports them with ``import_sales_points``
and ``import_sales_point_stock``, exactly as a province's office would.

    python -m catalog.demo.generate_sales_points

Standard library and ``vietnamadminunits`` only (no Django), deterministic (seeded). What it writes:

* **Bắc Giang (24) and Thái Nguyên (19): a point in every legacy district** — the provincial
  showroom in the city, a district point (Điểm giới thiệu và bán sản phẩm OCOP huyện …) in each
  district town, tourist-site shops, a partner shop, trade-fair booths, a night market open past
  midnight, one closed (inactive) point. Bắc Giang is where the demo's Lục Nam products come from;
  Thái Nguyên, its neighbour, has products in the demo registry in all but one of its districts.
* **Quảng Ninh (22): points in a few districts only**, so that the coverage of the districts
  shows gaps (Cẩm Phả, Bình Liêu, Tiên Yên, … have none).
* **Stock**: each point holds listable demo products of its province (its own district's first),
  from a handful at a booth to several dozen at a showroom — and the Ba Chẽ point still holds the
  demo's revoked tea (sentinels.json), which is never shown (the importer reports and skips that row).
"""

import csv
import datetime as dt
import json
import random
from pathlib import Path

from vietnamadminunits.database import query

SEED = 20261202
HERE = Path(__file__).resolve().parent
REGISTRY_FILE = HERE / "registry-demo.json"
SENTINELS_FILE = HERE / "sentinels.json"
POINTS_FILE = HERE / "sales-points-demo.csv"
STOCK_FILE = HERE / "sales-point-stock-demo.csv"

# Points stock only products whose certificate stays valid until then, so that the demo keeps
# loading without skipped rows for a good while (the importer skips what is not listable today).
VALID_THROUGH = dt.date(2027, 12, 31)
# Tourism services (VI) and live plants and animals (V) are not goods on a shelf.
NOT_ON_SHELVES = ("V", "VI")

POINTS_HEADER = [
    "Mã điểm bán",
    "Tên điểm bán",
    "Loại",
    "Đơn vị vận hành",
    "Địa chỉ",
    "Mã tỉnh",
    "Mã huyện",
    "Mã xã",
    "Vĩ độ",
    "Kinh độ",
    "Điện thoại",
    "Giờ mở cửa",
    "Đạt tiêu chí 950",
    "Hoạt động",
]
STOCK_HEADER = ["Mã điểm bán", "Mã sản phẩm OCOP", "Số lượng"]
KINDS = {
    "showroom": "Trung tâm tỉnh",
    "district": "Điểm cấp huyện",
    "partner": "Cửa hàng đối tác",
    "tourist": "Điểm du lịch",
    "fair": "Gian hàng hội chợ",
}
PROVINCES = {"24": {"area": "0204"}, "19": {"area": "0208"}, "22": {"area": "0203"}}

OFFICE_HOURS = "T2-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30; CN nghỉ"

# Decision 950/QĐ-BCT: the points that were assessed and failed, with the criteria they did not
# meet (codes of marketplace.salespoints.models.Criterion). The provinces' file only says
# "Không"; the criteria are the office's notes, which the loader records after the import.
FAILED_CRITERIA = {
    "BG-TP-03": ["facilities", "signage"],
    "BG-SD-01": ["location"],
    "TN-DHO-02": ["signage", "management"],
}

# The Ba Chẽ point still has the demo's revoked tea (Trà hoa vàng Ba Chẽ) on its books: the importer
# reports and skips that row, the loader records it, and no page ever shows it.
REVOKED_ON_SHELF = ("QN-BC-01", 14)

# (code, kind, name, operator, district, ward, street, hours, meets 950, active, coordinates given,
#  number of products). "meets 950": "Có", "Không" or "" (not assessed). Ward names as in the
# GSO list without their kind ("Phồn Xương" for "Thị trấn Phồn Xương").
# fmt: off
POINTS = [
    # Bắc Giang: every district.
    ("BG-TP-01", "showroom", "Trung tâm giới thiệu và bán sản phẩm OCOP tỉnh Bắc Giang",
     "Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Bắc Giang", "213", "Hoàng Văn Thụ",
     "Số 2 đường Hoàng Văn Thụ", "T2-CN 07:30-21:00", "Có", True, True, 42),
    ("BG-TP-02", "partner", "Cửa hàng nông sản an toàn Bắc Giang Xanh",
     "Công ty TNHH Thương mại Bắc Giang Xanh", "213", "Ngô Quyền",
     "Số 86 đường Nguyễn Văn Cừ", "T2-CN 07:00-21:30", "", True, False, 16),
    ("BG-TP-03", "fair", "Gian hàng OCOP chợ đêm phố đi bộ Bắc Giang",
     "Liên minh Hợp tác xã tỉnh Bắc Giang", "213", "Trần Phú",
     "Quảng trường 3 tháng 2", "T6-T7 18:00-00:30; CN 18:00-23:00", "Không", True, True, 10),
    ("BG-YT-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Yên Thế",
     "Phòng Kinh tế và Hạ tầng huyện Yên Thế", "215", "Phồn Xương",
     "Số 15 đường Hoàng Hoa Thám", OFFICE_HOURS, "Có", True, False, 9),
    ("BG-YT-02", "tourist", "Cửa hàng OCOP Khu di tích Khởi nghĩa Yên Thế",
     "Ban Quản lý Khu di tích Khởi nghĩa Yên Thế", "215", "Tân Sỏi",
     "Khu di tích Đồn Hố Chuối", "T2-CN 07:00-17:30", "", True, True, 7),
    ("BG-TY-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Tân Yên",
     "Hợp tác xã Dịch vụ nông nghiệp Tân Yên", "216", "Cao Thượng",
     "Tổ dân phố Tân An", "T2-T6 07:00-17:00; T7 07:30-11:30; CN nghỉ", "", True, False, 6),
    ("BG-LG-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Lạng Giang",
     "Phòng Kinh tế và Hạ tầng huyện Lạng Giang", "217", "Vôi",
     "Số 27 phố Vôi", "T2-T7 07:30-17:30; CN 08:00-11:30", "Có", True, False, 8),
    ("BG-LN-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Lục Nam",
     "Phòng Kinh tế và Hạ tầng huyện Lục Nam", "218", "Đồi Ngô",
     "Số 36 phố Thanh Hưng", "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ", "Có", True, True, 24),
    ("BG-LN-02", "tourist", "Cửa hàng OCOP Khu du lịch Suối Mỡ",
     "Công ty Cổ phần Du lịch Suối Mỡ", "218", "Nghĩa Phương",
     "Khu du lịch sinh thái tâm linh Suối Mỡ", "T2-CN 06:30-18:00", "", True, True, 12),
    ("BG-LN-03", "partner", "Cửa hàng đặc sản Phương Sơn",
     "Hộ kinh doanh Nguyễn Thị Hạnh", "218", "Phương Sơn",
     "Số 112 phố Phương Sơn", "T2-CN 07:00-20:00", "", False, False, 6),
    ("BG-LNG-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Lục Ngạn",
     "Phòng Kinh tế và Hạ tầng huyện Lục Ngạn", "219", "Phì Điền",
     "Phố Phì Điền, quốc lộ 31", "T2-T6 07:00-11:00,13:30-17:00; T7-CN 07:00-11:00", "Có", True, False, 11),
    ("BG-SD-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Sơn Động",
     "Phòng Kinh tế và Hạ tầng huyện Sơn Động", "220", "An Châu",
     "Tổ dân phố Thạch Sơn", "T2-T6 07:30-11:30,13:30-17:00; T7-CN nghỉ", "Không", True, False, 6),
    ("BG-SD-02", "tourist", "Cửa hàng OCOP Khu du lịch Tây Yên Tử",
     "Ban Quản lý Khu du lịch Tây Yên Tử", "220", "Tây Yên Tử",
     "Khu du lịch tâm linh sinh thái Tây Yên Tử", "T2-CN 06:00-18:00", "Có", True, True, 10),
    ("BG-VY-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP thị xã Việt Yên",
     "Phòng Kinh tế thị xã Việt Yên", "222", "Bích Động",
     "Số 8 đường Thân Công Tài", "T2-T6 07:30-17:00; T7 08:00-11:30; CN nghỉ", "", True, False, 7),
    ("BG-HH-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Hiệp Hòa",
     "Phòng Kinh tế và Hạ tầng huyện Hiệp Hòa", "223", "Thắng",
     "Số 54 đường Hoàng Văn Thái", "T2-T6 07:30-17:00; T7-CN 08:00-11:30", "", True, False, 7),
    ("BG-CHU-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP thị xã Chũ",
     "Phòng Kinh tế thị xã Chũ", "224", "Chũ",
     "Số 21 đường Thân Nhân Trung", OFFICE_HOURS, "Có", True, False, 12),
    ("BG-CHU-02", "fair", "Gian hàng OCOP Hội chợ vải thiều Lục Ngạn",
     "Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Bắc Giang", "224", "Trù Hựu",
     "Quảng trường trung tâm thị xã Chũ", "T2-CN 08:00-22:00", "", True, True, 9),
    # Thái Nguyên: every district.
    ("TN-TP-01", "showroom", "Trung tâm giới thiệu và bán sản phẩm OCOP tỉnh Thái Nguyên",
     "Trung tâm Xúc tiến thương mại tỉnh Thái Nguyên", "164", "Trưng Vương",
     "Số 56 đường Hoàng Văn Thụ", "T2-CN 08:00-21:00", "Có", True, True, 28),
    ("TN-TP-02", "tourist", "Cửa hàng OCOP vùng chè đặc sản Tân Cương",
     "Hợp tác xã Chè Tân Cương", "164", "Tân Cương",
     "Xóm Soi Mít", "T2-CN 07:00-18:00", "Có", True, True, 9),
    ("TN-TP-03", "fair", "Gian hàng OCOP chợ đêm Thái Nguyên",
     "Hội Liên hiệp Phụ nữ tỉnh Thái Nguyên", "164", "Phan Đình Phùng",
     "Phố đi bộ đường Đội Cấn", "T6 18:00-23:00; T7 17:00-01:00; CN 17:00-23:00", "", True, True, 8),
    ("TN-TP-04", "tourist", "Cửa hàng OCOP Khu du lịch Hồ Núi Cốc",
     "Công ty Cổ phần Du lịch Hồ Núi Cốc", "164", "Phúc Xuân",
     "Khu du lịch Hồ Núi Cốc", "T2-CN 06:30-18:30", "", True, True, 8),
    ("TN-SC-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP thành phố Sông Công",
     "Phòng Kinh tế thành phố Sông Công", "165", "Thắng Lợi",
     "Số 18 đường Cách Mạng Tháng Mười", "T2-T6 07:30-17:00; T7 07:30-11:30; CN nghỉ", "", True, False, 6),
    ("TN-DHO-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Định Hóa",
     "Phòng Nông nghiệp và Phát triển nông thôn huyện Định Hóa", "167", "Chợ Chu",
     "Tổ dân phố Trung Kiên", "T2-T6 07:00-11:30,13:30-17:00; T7 07:30-11:30; CN nghỉ", "Có", True, False, 10),
    ("TN-DHO-02", "tourist", "Cửa hàng OCOP Khu di tích lịch sử ATK Định Hóa",
     "Ban Quản lý Khu di tích ATK Định Hóa", "167", "Phú Đình",
     "Đồi Khau Tý, khu di tích ATK", "T2-CN 07:00-17:00", "Không", True, True, 6),
    ("TN-PL-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Phú Lương",
     "Phòng Kinh tế và Hạ tầng huyện Phú Lương", "168", "Đu",
     "Tiểu khu Dương Tự Minh", OFFICE_HOURS, "", True, False, 6),
    ("TN-DHY-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Đồng Hỷ",
     "Phòng Kinh tế và Hạ tầng huyện Đồng Hỷ", "169", "Hóa Thượng",
     "Tổ dân phố Dộc Lầy", "T2-T6 07:30-17:00; T7 08:00-11:30; CN nghỉ", "Có", True, False, 7),
    ("TN-VN-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Võ Nhai",
     "Phòng Kinh tế và Hạ tầng huyện Võ Nhai", "170", "Đình Cả",
     "Tổ dân phố Thái An", OFFICE_HOURS, "", True, False, 7),
    ("TN-DT-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Đại Từ",
     "Phòng Kinh tế và Hạ tầng huyện Đại Từ", "171", "Hùng Sơn",
     "Số 9 đường Thống Nhất", "T2-T7 07:00-17:30; CN 07:30-11:30", "Có", True, True, 9),
    ("TN-PY-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP thành phố Phổ Yên",
     "Phòng Kinh tế thành phố Phổ Yên", "172", "Ba Hàng",
     "Số 203 đường Lý Nam Đế", "T2-T6 07:30-17:00; T7 07:30-11:30; CN nghỉ", "", True, False, 7),
    ("TN-PY-02", "partner", "Siêu thị nông sản sạch Phổ Yên",
     "Công ty TNHH Nông sản Phổ Yên", "172", "Bãi Bông",
     "Số 45 đường Thanh Niên", "T2-CN 07:30-21:30", "", True, False, 14),
    ("TN-PB-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Phú Bình",
     "Phòng Kinh tế và Hạ tầng huyện Phú Bình", "173", "Hương Sơn",
     "Tổ dân phố Tân Sơn", "T2-T6 07:30-17:00; T7 07:30-11:30; CN nghỉ", "", True, False, 6),
    # Quảng Ninh: a few districts only (the coverage shows the others as gaps).
    ("QN-HL-01", "showroom", "Trung tâm giới thiệu và bán sản phẩm OCOP Quảng Ninh",
     "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh Quảng Ninh", "193", "Bãi Cháy",
     "Số 5 đường Hạ Long", "T2-CN 08:00-22:00", "Có", True, True, 20),
    ("QN-UB-01", "tourist", "Cửa hàng OCOP Khu di tích Yên Tử",
     "Công ty Cổ phần Phát triển Tùng Lâm", "196", "Thượng Yên Công",
     "Khu di tích danh thắng Yên Tử", "T2-CN 06:00-18:30", "Có", True, True, 8),
    ("QN-BC-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Ba Chẽ",
     "Phòng Kinh tế và Hạ tầng huyện Ba Chẽ", "202", "Ba Chẽ",
     "Khu phố 3", OFFICE_HOURS, "", True, False, 6),
    ("QN-VD-01", "district", "Điểm giới thiệu và bán sản phẩm OCOP huyện Vân Đồn",
     "Phòng Kinh tế và Hạ tầng huyện Vân Đồn", "203", "Cái Rồng",
     "Khu 3, đường Vân Đồn", "T2-CN 07:00-20:00", "Có", True, False, 10),
    ("QN-MC-01", "partner", "Siêu thị đặc sản OCOP Móng Cái",
     "Công ty TNHH Thương mại Ka Long", "194", "Ka Long",
     "Số 28 đường Hùng Vương", "", "", True, False, 9),
]
# fmt: on
# A province writes its coordinates with a decimal comma now and then: one row does here.
DECIMAL_COMMA = {"QN-UB-01"}
MOBILES = ["0912", "0983", "0968", "0349", "0868", "0915"]


def wards():
    """(district code, ward name without its kind) -> (ward code, latitude, longitude)."""
    codes = ",".join(f"'{code}'" for code in PROVINCES)
    rows = query(
        "SELECT districtCode, wardCode, ward, wardShort, wardLat, wardLon FROM admin_units_legacy "
        f"WHERE provinceCode IN ({codes}) AND wardCode IS NOT NULL"
    )
    return {(r["districtCode"], r["wardShort"]): (r["wardCode"], r["ward"], r["wardLat"], r["wardLon"]) for r in rows}


def districts():
    codes = ",".join(f"'{code}'" for code in PROVINCES)
    rows = query(
        f"SELECT DISTINCT provinceCode, province, districtCode, district FROM admin_units_legacy "
        f"WHERE provinceCode IN ({codes})"
    )
    return {r["districtCode"]: (r["provinceCode"], r["province"], r["district"]) for r in rows}


def _last_day(decided):
    try:
        return decided.replace(year=decided.year + 3)
    except ValueError:  # 29 February
        return decided.replace(year=decided.year + 3, day=28)


def shelf_products():
    """Product code -> (district code, name) for the demo products a shop can hold: the current
    certificate (the latest decision) is valid, 3★ or more, not expiring before VALID_THROUGH."""
    current = {}
    for record in sorted(json.loads(REGISTRY_FILE.read_text("utf-8")), key=lambda r: r["decision_date"]):
        current[record["product_code"]] = record
    products = {}
    for code, record in sorted(current.items()):
        until = record["valid_until"] or _last_day(dt.date.fromisoformat(record["decision_date"])).isoformat()
        if (
            record["status"] == "valid"
            and record["stars"] >= 3
            and until >= VALID_THROUGH.isoformat()
            and record["category_code"].split(".")[0] not in NOT_ON_SHELVES
        ):
            products[code] = record
    return products


def phone(rng, area, kind):
    if kind == "partner":  # shops give a mobile, written as people write it
        mobile, rest = rng.choice(MOBILES), f"{rng.randint(0, 999999):06d}"
        return rng.choice([f"{mobile} {rest[:3]} {rest[3:]}", f"+84 {mobile[1:]} {rest[:3]} {rest[3:]}"])
    rest = f"3{rng.randint(0, 999999):06d}"
    return f"{area} {rest[:4]} {rest[4:]}"


UNIT_KINDS = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "phường", "xã", "tỉnh")


def lower_kind(name):
    """ "Thị Xã Việt Yên" -> "thị xã Việt Yên", as an address writes it."""
    kind = next(k for k in UNIT_KINDS if name.lower().startswith(k + " "))
    return kind + name[len(kind) :]


def coordinate(value, decimal_comma):
    text = f"{value:.6f}"
    return text.replace(".", ",") if decimal_comma else text


def assortment(rng, point_district, province, size, products):
    """``size`` products of the province: the district's own first, then others at random."""
    own = [code for code in products if code.startswith(f"{province}-{point_district}-")]
    others = [code for code in products if code.startswith(f"{province}-") and code not in own]
    rng.shuffle(own)
    rng.shuffle(others)
    return sorted((own + others)[:size])


def quantity(rng):
    if rng.random() < 0.04:
        return 0  # sold out, waiting for the next delivery
    return rng.choice([rng.randint(3, 24), rng.randint(10, 60), rng.randint(20, 150)])


def build():
    """The rows of the two files (without their headers)."""
    rng = random.Random(SEED)
    ward_index, district_index, products = wards(), districts(), shelf_products()
    points, stock = [], []
    for code, kind, name, operator, district, ward, street, hours, meets, active, given, size in POINTS:
        province, province_name, district_name = district_index[district]
        ward_code, ward_name, lat, lon = ward_index[(district, ward)]
        address = ", ".join([street, *(lower_kind(unit) for unit in (ward_name, district_name, province_name))])
        if given:  # the office measured the door, a little off the ward's centre
            lat, lon = lat + rng.uniform(-0.004, 0.004), lon + rng.uniform(-0.004, 0.004)
        decimal_comma = code in DECIMAL_COMMA
        points.append(
            [
                code,
                name,
                KINDS[kind],
                operator,
                address,
                province,
                district,
                ward_code,
                coordinate(lat, decimal_comma) if given else "",
                coordinate(lon, decimal_comma) if given else "",
                phone(rng, PROVINCES[province]["area"], kind),
                hours,
                meets,
                "Có" if active else "Không",
            ]
        )
        stock += [[code, product, quantity(rng)] for product in assortment(rng, district, province, size, products)]
    point, quantity_left = REVOKED_ON_SHELF
    stock.append([point, revoked_product(), quantity_left])
    return points, stock


def revoked_product():
    """The product code of the demo's revoked sentinel certificate."""
    revoked = json.loads(SENTINELS_FILE.read_text("utf-8"))["revoked"]
    registry = json.loads(REGISTRY_FILE.read_text("utf-8"))
    return next(r["product_code"] for r in registry if r["certificate_code"] == revoked)


def write(path, header, rows, bom=False):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def main():
    points, stock = build()
    codes = [p[0] for p in points]
    assert len(codes) == len(set(codes)), "duplicate point codes"
    assert set(FAILED_CRITERIA) <= {p[0] for p in points if p[12] == "Không"}
    write(POINTS_FILE, POINTS_HEADER, points, bom=True)  # as Excel saves "CSV UTF-8"
    write(STOCK_FILE, STOCK_HEADER, stock)
    print(f"wrote {POINTS_FILE.name} ({len(points)} points) and {STOCK_FILE.name} ({len(stock)} rows)")


if __name__ == "__main__":
    main()
