"""The demo's trade fairs (cms/fairs): the index /hoi-cho/ and three fairs in Bắc Giang, dated from
the day the demo is loaded — one past, one on now, one upcoming with registration open — with a
programme, photos drawn with Pillow, and the demo producers (the two demo logins first) at booths
with some of their listable products, so that their product pages show "see it at the fair".
Loading again adds nothing twice."""

import datetime
import io
import random

from django.core.files.images import ImageFile
from oscar.core.loading import get_model
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.fairs.models import FairExhibitor, FairIndexPage, FairPage, local_now
from cms.models import HomePage
from marketplace.adminunits.resolve import UnitIndex

from .images import hsv, vertical_gradient
from .producers import demo_producer_logins

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")

INDEX = {
    "title": "Hội chợ",
    "slug": "hoi-cho",
    "intro": "Hội chợ, tuần hàng và phiên chợ OCOP do tỉnh tổ chức: lịch, địa điểm, chương trình và các chủ thể "
    "OCOP tham gia trưng bày, giới thiệu sản phẩm.",
}
ORGANISER = "Sở Công Thương tỉnh Bắc Giang (Văn phòng Điều phối Chương trình OCOP tỉnh)"
#: (slug, title, first day from today, days, venue, address, (province, district, ward), fields)
FAIRS = [
    (
        "hoi-cho-ocop-tinh-bac-giang-2026",
        "Hội chợ OCOP tỉnh Bắc Giang 2026",
        -150,
        5,
        "Quảng trường 3/2",
        "Đường Nguyễn Văn Cừ",
        ("24", "213", "07210"),
        {
            "intro": "Hội chợ thường niên giới thiệu các sản phẩm OCOP 3 sao trở lên của 10 huyện, thành phố "
            "trong tỉnh, kết hợp kết nối giao thương giữa chủ thể OCOP với doanh nghiệp phân phối.",
            "registration_deadline_days": -165,
        },
    ),
    (
        "tuan-hang-ocop-luc-nam",
        "Tuần hàng OCOP Lục Nam",
        -2,
        6,
        "Sân vận động huyện Lục Nam",
        "Tổ dân phố Thân Nhân Trung",
        ("24", "218", "07444"),
        {
            "intro": "Tuần hàng giới thiệu mật ong, vải thiều sấy, na dai và các sản phẩm OCOP của huyện Lục Nam, "
            "có khu ẩm thực và gian hàng của các hợp tác xã.",
            "registration_deadline_days": -10,
        },
    ),
    (
        "hoi-cho-xuc-tien-thuong-mai-ocop-trung-du-mien-nui-phia-bac",
        "Hội chợ xúc tiến thương mại sản phẩm OCOP vùng Trung du miền núi phía Bắc",
        30,
        5,
        "Nhà thi đấu tỉnh Bắc Giang",
        "Đường Hoàng Văn Thụ",
        ("24", "213", "07213"),
        {
            "intro": "Hơn 200 gian hàng của các tỉnh Trung du và miền núi phía Bắc: đặc sản, dược liệu, thủ công "
            "mỹ nghệ và du lịch cộng đồng; hội thảo kết nối tiêu thụ sản phẩm OCOP.",
            "registration_deadline_days": 20,
            "registration_url": "https://sct.bacgiang.gov.vn/",
            "registration_contact": "Phòng Quản lý thương mại, Sở Công Thương Bắc Giang – 0204 3854 376",
        },
    ),
]
PROGRAMME = [
    (0, "08:00 – 09:30", "Khai mạc, tham quan các gian hàng"),
    (0, "14:00 – 16:30", "Hội nghị kết nối cung cầu sản phẩm OCOP"),
    (1, "19:30 – 21:00", "Đêm văn nghệ dân ca quan họ"),
    (None, "08:00 – 21:00", "Trưng bày, giới thiệu và bán sản phẩm OCOP"),
]
#: How many producers exhibit at a fair, and how many products each shows at most.
EXHIBITORS, PRODUCTS_EACH = 8, 3


def fair_photo(seed, size=(1200, 800)):
    """A JPEG of a fair: sky, a banner, rows of booths with coloured awnings (Pillow only)."""
    rng = random.Random(seed)
    w, h = size
    image = vertical_gradient(w, h, hsv(0.56, 0.35, 0.96), hsv(0.1, 0.15, 0.98))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(h * 0.62), w, h], fill=hsv(0.08, 0.12, 0.78))
    draw.rectangle([int(w * 0.18), int(h * 0.12), int(w * 0.82), int(h * 0.24)], fill=(190, 30, 40))
    draw.rectangle([int(w * 0.2), int(h * 0.16), int(w * 0.8), int(h * 0.2)], fill=(250, 210, 60))
    for row, (top, depth) in enumerate(((0.4, 0.22), (0.56, 0.3))):
        booth = w / (6 + row)
        for n in range(7 + row):
            x, y = n * booth - row * booth / 2, h * top
            awning = hsv(rng.random(), 0.7, 0.9)
            draw.rectangle([x + 6, y, x + booth - 6, y + h * depth], fill=(246, 244, 236), outline=(120, 110, 100))
            draw.polygon([(x, y), (x + booth / 2, y - h * 0.07), (x + booth, y)], fill=awning)
            for k in range(3):
                gx = x + booth * (0.2 + 0.25 * k)
                draw.ellipse(
                    [gx, y + h * depth * 0.55, gx + booth * 0.18, y + h * depth * 0.75],
                    fill=hsv(rng.random(), 0.6, 0.75),
                )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, progressive=True, optimize=True)
    return out.getvalue()


def _photo(slug, n):
    Photo = get_image_model()
    title = f"Hội chợ {slug} {n + 1}"
    existing = Photo.objects.filter(title=title).first()
    if existing:
        return existing
    photo = Photo(title=title, file=ImageFile(io.BytesIO(fair_photo(f"{slug}-{n}")), name=f"{slug}-{n + 1}.jpg"))
    photo.save()
    return photo


def _exhibitors(offset):
    """(producer, booth, products): the demo logins' producers first, then other Bắc Giang producers
    with listable products; ``offset`` varies who else comes, fair by fair."""
    producers = [producer for _email, producer in demo_producer_logins()]
    listed = Product.objects.listable().values("producer_id")
    others = list(
        Partner.objects.filter(pk__in=listed, legacy_province_id="24")
        .exclude(pk__in=[p.pk for p in producers])
        .order_by("pk")
    )
    if others:
        shift = offset % len(others)
        others = others[shift:] + others[:shift]
    rows = []
    for n, producer in enumerate((producers + others)[:EXHIBITORS]):
        products = list(Product.objects.certified().filter(producer=producer).order_by("pk")[:PRODUCTS_EACH])
        rows.append((producer, f"{'AB'[n % 2]}-{n // 2 + 1:02d}", products))
    return rows


def _programme_item(starts_on, day, time, what):
    return {"day": None if day is None else starts_on + datetime.timedelta(days=day), "time": time, "what": what}


def add_fair_index():
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    index = FairIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        if home is None:
            return None
        index = home.add_child(instance=FairIndexPage(**INDEX))
        index.save_revision().publish()
    return index


def add_fairs():
    """The index and the three fairs; returns the fairs added."""
    index = add_fair_index()
    if index is None:
        return []
    today = local_now().date()
    units = UnitIndex()
    added = []
    for offset, (slug, title, starts_in, days, venue, address, codes, fields) in enumerate(FAIRS):
        if FairPage.objects.filter(slug=slug).exists():
            continue
        fields = dict(fields)
        deadline = fields.pop("registration_deadline_days")
        starts_on = today + datetime.timedelta(days=starts_in)
        page = FairPage(
            title=title,
            slug=slug,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=days - 1),
            venue_name=venue,
            address=address,
            organiser=ORGANISER,
            registration_deadline=today + datetime.timedelta(days=deadline),
            programme=[
                (
                    "item",
                    {"day": None if day is None else starts_on + datetime.timedelta(days=day), "time": t, "what": w},
                )
                for day, t, w in PROGRAMME
            ],
            photos=[("photo", {"image": _photo(slug, n), "caption": f"{title} – ảnh {n + 1}"}) for n in range(3)],
            **units.resolve(*codes),
            **fields,
        )
        for n, (producer, booth, products) in enumerate(_exhibitors(offset * 3)):
            page.exhibitors.add(FairExhibitor(producer=producer, booth=booth, products=products, sort_order=n))
        index.add_child(instance=page)
        page.save_revision().publish()
        added.append(page)
    return added
