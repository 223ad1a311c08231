import datetime
import zipfile
from types import SimpleNamespace

import pytest
from django.utils import translation
from openpyxl import Workbook

from catalog.certification.models import Status, local_today
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, stock_at


@pytest.fixture
def dashboard_staff(client, django_user_model):
    """The test client signed in as a member of the provincial office's staff (no superuser)."""
    user = django_user_model.objects.create_user("vanphong-diemban", "diemban@ocop.local", "x", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def coverage_points(admin_units):
    """Sales points of Bắc Giang (legacy 24) and their stock, for the coverage report:

    * Lục Nam (218): two active points and an inactive one; Lạng Giang (217): one active point;
      the other districts of Bắc Giang: none. Lục Ngạn (219): only an inactive point.
    * Two producers: honey (A, two listable products) and tea (B, one listable product).
    * Stock: ``ln1`` holds honey 1 and tea; ``ln2`` holds honey 1 (again), honey 2 with quantity 0
      and a revoked product (still on the shelf); ``lg`` holds a 2★ product and honey 2; the
      inactive points hold listable stock that must not count.
    * Decision 950: ``ln1`` meets it, ``ln2`` fails two criteria, ``lg`` is not assessed.
    """
    a = ProducerFactory(name="Hợp tác xã Mật ong Lục Nam")
    b = ProducerFactory(name="Hợp tác xã Chè Lạng Giang")
    t = SimpleNamespace(
        honey1=ProductFactory(title="Mật ong hoa vải", producer=a, product_code="24-218-0101"),
        honey2=ProductFactory(title="Mật ong bạc hà", producer=a, product_code="24-218-0102"),
        tea=ProductFactory(title="Chè xanh Lạng Giang", producer=b, product_code="24-217-0201"),
        revoked=ProductFactory(
            title="Rượu làng Vân",
            producer=b,
            product_code="24-217-0202",
            certificate__status=Status.REVOKED,
            certificate__status_reason="sai nhãn mác",
        ),
        two_star=ProductFactory(title="Bánh đa Kế", producer=b, product_code="24-217-0203", certificate__stars=2),
    )
    t.ln1 = SalesPointFactory(code="BG-LN-01", name="Điểm OCOP Lục Nam", meets_950=True)
    t.ln2 = SalesPointFactory(
        code="BG-LN-02",
        name="Cửa hàng Đồi Ngô",
        kind="partner",
        meets_950=False,
        failed_criteria=["signage", "facilities"],
    )
    t.ln_off = SalesPointFactory(code="BG-LN-09", name="Điểm Lục Nam đã đóng", is_active=False)
    t.lg = SalesPointFactory(code="BG-LG-01", name="Điểm OCOP Lạng Giang", legacy_district_id="217")
    t.ngan_off = SalesPointFactory(
        code="BG-LNG-01", name="Điểm Lục Ngạn đã đóng", legacy_district_id="219", is_active=False
    )
    stock_at(t.ln1, t.honey1, 5)
    stock_at(t.ln1, t.tea, 3)
    stock_at(t.ln2, t.honey1, 2)
    stock_at(t.ln2, t.honey2, 0)
    stock_at(t.ln2, t.revoked, 4)
    stock_at(t.lg, t.two_star, 7)
    stock_at(t.lg, t.honey2, 1)
    stock_at(t.ln_off, t.tea, 9)
    stock_at(t.ln_off, t.revoked, 9)
    stock_at(t.ngan_off, t.honey1, 9)
    return t


# --- the provinces' files (imports, exports, commands, dashboard transfer) ----------------------

POINT_HEADERS = [
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
POINT_ROW = {
    "Mã điểm bán": "BG-LN-01",
    "Tên điểm bán": "Điểm giới thiệu và bán sản phẩm OCOP huyện Lục Nam",
    "Loại": "Điểm cấp huyện",
    "Đơn vị vận hành": "Trung tâm Văn hóa huyện Lục Nam",
    "Địa chỉ": "Tổ dân phố Thanh Hưng, thị trấn Đồi Ngô",
    "Mã tỉnh": "24",
    "Mã huyện": "218",
    "Mã xã": "07444",
    "Vĩ độ": "21.2905",
    "Kinh độ": "106.3921",
    "Điện thoại": "0204 3882 123",
    "Giờ mở cửa": "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ",
    "Đạt tiêu chí 950": "Có",
    "Hoạt động": "Có",
}
STOCK_HEADERS = ["Mã điểm bán", "Mã sản phẩm OCOP", "Số lượng"]


def point_row(headers=POINT_HEADERS, **changes):
    """A row of the points file under ``headers``; ``changes`` by header, e.g.
    ``point_row(**{"Loại": "Cửa hàng"})``."""
    values = {**POINT_ROW, **changes}
    return [values.get(header, "") for header in headers]


class TransferFiles:
    """Writes the provinces' files into a temporary folder."""

    def __init__(self, folder):
        self.folder = folder

    def csv(self, rows, name="diem-ban.csv", delimiter=",", encoding="utf-8-sig"):
        path = self.folder / name
        lines = [delimiter.join(_quoted(cell) for cell in row) for row in rows]
        # Windows' Vietnamese code page (cp1258) has no letter with both marks: "?" instead.
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding, errors="replace"))
        return path

    def xlsx(self, rows, name="diem-ban.xlsx"):
        book = Workbook()
        for row in rows:
            book.active.append(row)
        path = self.folder / name
        book.save(path)
        return path

    def points(self, *rows, kind="csv", headers=POINT_HEADERS, **options):
        """A points file: the header, then ``rows`` (default: the one good row)."""
        rows = rows or (point_row(headers),)
        return getattr(self, kind)([headers, *rows], **options)

    def stock(self, *rows, kind="csv", headers=STOCK_HEADERS, **options):
        options.setdefault("name", f"ton-kho.{kind}")
        return getattr(self, kind)([headers, *rows], **options)

    def zip_bomb(self, name="bom.xlsx"):
        """A workbook whose sheet unpacks from a few kilobytes to 50 MB."""
        base = self.xlsx([POINT_HEADERS, point_row()], name="base.xlsx")
        path = self.folder / name
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for part in source.infolist():
                target.writestr(part, source.read(part))
            target.writestr("xl/media/padding.bin", b"\0" * 50 * 2**20)
        return path


def _quoted(cell):
    text = "" if cell is None else str(cell)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',;"\r\n') else text


@pytest.fixture
def transfer_files(tmp_path):
    return TransferFiles(tmp_path)


@pytest.fixture
def transfer_products(admin_units):
    """Two listable products (honey 24-218-0100, tea 19-164-0007) and one whose certificate
    expired last month (24-218-0200)."""
    expired_on = local_today() - datetime.timedelta(days=30)
    return SimpleNamespace(
        honey=ProductFactory(title="Mật ong rừng Lục Nam", product_code="24-218-0100"),
        tea=ProductFactory(title="Chè Tân Cương", product_code="19-164-0007"),
        expired=ProductFactory(
            title="Vải thiều Lục Ngạn",
            product_code="24-218-0200",
            certificate__decision_date=expired_on - datetime.timedelta(days=3 * 365),
            certificate__valid_until=expired_on,
        ),
    )


@pytest.fixture
def transfer_in_english():
    """Messages in English (the site's default is Vietnamese), to read the reasons in tests."""
    with translation.override("en"):
        yield
