"""The demo shop: registry data through the registry sync (the same path as real data: guarded,
recorded as a run triggered by "demo" and shown on the dashboard), then what the registry does
not carry — pictures drawn with Pillow, descriptions, prices and stock, the sales points and
their stock (imported from the provinces' spreadsheet format, as an office would), a few orders
in different states (placed through the checkout's placement, orders.py), a composed home page
and a staff user. Every step is safe to run again."""

import hashlib
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from oscar.core.loading import get_model

from cms.models import HomePage
from marketplace.salespoints.models import PointStock, SalesPoint
from marketplace.site import apply_site_url

from .combos import add_combos
from .fairs import add_fairs
from .generate_sales_points import FAILED_CRITERIA, POINTS_FILE, REVOKED_ON_SHELF, STOCK_FILE, revoked_product
from .images import product_image
from .live import add_live_sessions
from .news import add_news
from .orders import load_orders
from .producers import add_notices, ensure_producer_logins
from .site_pages import add_site_pages, ensure_english
from .stories import add_province_stories, add_stories, approve_a_producer_story, ensure_editor_login
from .summary import summary

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

REGISTRY_FILE = Path(__file__).with_name("registry-demo.json")
STAFF_EMAIL = "admin@ocop.local"
STAFF_PASSWORD = "ocop-demo-2026"

# Typical retail prices (VND) by classification prefix: (low, high, step).
PRICE_RANGES = [
    ("I.1", 40_000, 250_000, 5_000),
    ("I.2.b", 150_000, 450_000, 10_000),
    ("I.2", 30_000, 180_000, 5_000),
    ("I.3", 35_000, 220_000, 5_000),
    ("I.4", 25_000, 160_000, 5_000),
    ("I.5", 80_000, 650_000, 10_000),
    ("I.6", 90_000, 420_000, 10_000),
    ("II", 90_000, 850_000, 10_000),
    ("III", 120_000, 1_200_000, 10_000),
    ("IV", 150_000, 2_500_000, 50_000),
    ("V", 120_000, 1_500_000, 50_000),
    ("VI", 150_000, 900_000, 50_000),
]
DESCRIPTIONS = {
    "I": "{name} là sản phẩm OCOP {stars} sao của {producer}, được sản xuất tại {place} theo quy trình truyền thống, "
    "bảo đảm truy xuất nguồn gốc và an toàn thực phẩm.",
    "II": "{name} – đồ uống đặc sản {place}, đạt OCOP {stars} sao, do {producer} sản xuất và đóng chai.",
    "III": "{name} được bào chế từ dược liệu trồng tại {place}; sản phẩm OCOP {stars} sao của {producer}.",
    "IV": "{name} được làm thủ công bởi nghệ nhân của {producer} ({place}); sản phẩm OCOP {stars} sao.",
    "V": "{name} do {producer} chăm sóc tại {place}; sản phẩm sinh vật cảnh OCOP {stars} sao, "
    "nhận tại vườn hoặc giao gần.",
    "VI": "{name}: trải nghiệm du lịch cộng đồng tại {place}, dịch vụ OCOP {stars} sao do {producer} tổ chức.",
}


def _number(key, salt=""):
    return int(hashlib.sha256(f"{salt}{key}".encode()).hexdigest()[:12], 16)


def load_demo(stdout=None, verbosity=1):
    """Load everything; return the lines to print at the end (summary.py)."""
    call_command("load_admin_units", verbosity=verbosity)
    call_command("sync_registry", file=str(REGISTRY_FILE), triggered_by="demo", verbosity=verbosity)
    products = list(Product.objects.select_related("subgroup", "producer__legacy_province").order_by("pk"))
    add_pictures(products)
    add_descriptions(products)
    add_prices_and_stock(products)
    load_sales_points(verbosity)
    apply_site_url()
    ensure_producer_logins()
    add_combos()
    orders = load_orders()
    add_notices(orders)
    editor = ensure_editor_login()
    if add_stories():
        approve_a_producer_story(editor)
    add_province_stories()
    add_site_pages()
    add_fairs()
    add_live_sessions()
    add_news()
    compose_home_page()
    ensure_english()
    call_command("search_index", "--rebuild", verbosity=verbosity)  # prices and stock came in bulk
    return summary(*ensure_staff_user(), orders)


def add_pictures(products):
    with_images = set(ProductImage.objects.values_list("product_id", flat=True))
    for product in products:
        if product.pk in with_images:
            continue
        code = product.subgroup.code if product.subgroup else ""
        data = product_image(product.title, code, seed=product.product_code)
        image = ProductImage(product=product, caption=product.title, display_order=0)
        image.original.save(f"{product.slug}.jpg", ContentFile(data), save=False)
        image.save()


def add_descriptions(products):
    for product in products:
        if product.description:
            continue
        group = (product.subgroup.code if product.subgroup else "I").split(".")[0]
        place = product.producer.legacy_province.short_name if product.producer.legacy_province else "Việt Nam"
        product.description = DESCRIPTIONS.get(group, DESCRIPTIONS["I"]).format(
            name=product.title, stars=product.stars or 3, producer=product.producer.name, place=place
        )
        product.save(update_fields=["description"])


def _price(product):
    code = product.subgroup.code if product.subgroup else "I"
    low, high, step = next(
        ((lo, hi, st) for prefix, lo, hi, st in PRICE_RANGES if code.startswith(prefix)), PRICE_RANGES[0][1:]
    )
    steps = (high - low) // step
    return Decimal(low + step * (_number(product.product_code, "price") % (steps + 1)))


def add_prices_and_stock(products):
    """Most products are sold online; about one in eight is showcase only (no stock record)."""
    existing = set(StockRecord.objects.values_list("product_id", flat=True))
    new = [
        StockRecord(
            product=product,
            partner_id=product.producer_id,
            partner_sku=product.product_code,
            price_currency="VND",
            price=_price(product),
            num_in_stock=5 + _number(product.product_code, "stock") % 196,
        )
        for product in products
        if product.pk not in existing and _number(product.product_code, "showcase") % 8 != 0
    ]
    StockRecord.objects.bulk_create(new)


def load_sales_points(verbosity=1):
    """The demo's sales points and their stock, from the two files in the provinces' format
    (written by generate_sales_points.py), through the same commands an office uses."""
    call_command("import_sales_points", str(POINTS_FILE), verbosity=verbosity)
    call_command("import_sales_point_stock", str(STOCK_FILE), verbosity=verbosity)
    # The provinces' file says only whether a point meets Decision 950; which criteria it failed
    # are the office's assessment notes, recorded on the point.
    for point in SalesPoint.objects.filter(code__in=FAILED_CRITERIA):
        point.failed_criteria = FAILED_CRITERIA[point.code]
        point.save(update_fields=["failed_criteria"])
    # The stock file's row for the revoked product is reported and skipped by the importer (it
    # would never be shown). A point may still have such a row from before the revocation: the
    # demo keeps one, written directly, so that it can be seen that no page shows it.
    code, quantity = REVOKED_ON_SHELF
    PointStock.objects.update_or_create(
        point=SalesPoint.objects.get(code=code),
        product=Product.objects.get(product_code=revoked_product()),
        defaults={"num_in_stock": quantity},
    )


def compose_home_page():
    page = HomePage.objects.first()
    if page is None or page.body:
        return
    page.body = [
        (
            "hero",
            {
                "heading": "Sản phẩm OCOP chính hiệu từ mọi miền quê",
                "text": "Mỗi sản phẩm ở đây có giấy chứng nhận OCOP còn hiệu lực, đồng bộ từ hệ thống quốc gia.",
                "link_text": "Xem tất cả sản phẩm",
                "link_url": "/catalogue/",
            },
        ),
        (
            "featured_products",
            {"title": "Sản phẩm OCOP 5 sao mới nhất", "rule": "newest_5_star", "products": [], "count": 4},
        ),
        ("latest_news", {"title": "Tin tức OCOP", "count": 4, "category": ""}),
        ("live_sessions", {"title": "Livestream bán hàng", "count": 3}),
        ("featured_products", {"title": "Mới được công nhận", "rule": "newest", "products": [], "count": 8}),
        ("fairs", {"title": "Hội chợ OCOP", "count": 3}),
        (
            "featured_products",
            {"title": "Đặc sản Bắc Giang", "rule": "newest", "province": "24", "products": [], "count": 4},
        ),
        ("stories", {"title": "Câu chuyện sản phẩm", "count": 3}),
        (
            "sales_points",
            {
                "title": "Điểm giới thiệu và bán sản phẩm OCOP",
                "text": "Xem tận tay, mua tận nơi: mỗi huyện có điểm bán sản phẩm OCOP của tỉnh.",
            },
        ),
        ("product_groups", {"title": "Nhóm sản phẩm"}),
    ]
    page.save_revision().publish()


def ensure_staff_user():
    User = get_user_model()
    user = User.objects.filter(email=STAFF_EMAIL).first() or User(username="admin", email=STAFF_EMAIL)
    user.is_staff = user.is_superuser = True
    user.set_password(STAFF_PASSWORD)
    user.save()
    return STAFF_EMAIL, STAFF_PASSWORD
