"""The demo's livestream sales (cms/live): /livestream/ with two sessions of the demo producer
logins' products, timed from now — one coming up tomorrow at 20:00 on Facebook (so the
presented products' pages announce it), one that ended last week with its recording on YouTube.
Covers are drawn with Pillow like the product pictures; the province's editors (the demo's
editor login) may publish sessions. Loading again adds nothing twice; it
re-times the two sessions, so a demo loaded again days later still has one coming up."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.rich_text import RichText

from cms.live.models import VIETNAM, LiveIndexPage, LiveSessionPage, LiveSessionProduct
from cms.models import HomePage
from marketplace.text import vn_slugify

from .images import product_image
from .producers import demo_producer_logins

Product = get_model("catalogue", "Product")

INDEX_TITLE = "Livestream bán hàng"
INDEX_SLUG = "livestream"
INDEX_INTRO = (
    "Văn phòng OCOP tỉnh cùng các chủ thể giới thiệu sản phẩm OCOP trực tiếp trên Facebook, TikTok và "
    "YouTube. Xem buổi phát, hỏi người làm ra sản phẩm và đặt mua ngay trên trang này."
)
OFFICE = "Văn phòng Điều phối Chương trình OCOP tỉnh {province}"
COVER_SIZE = (1200, 630)


def _at(days, hour, minute=0):
    """``days`` from today in Vietnam, at ``hour``:``minute`` Vietnam time."""
    day = timezone.localdate(timezone.now(), VIETNAM) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), VIETNAM)


def live_index():
    """/livestream/ under the home page (``None`` when the site has no home page). The province's
    editors write sessions there and the office publishes them, as everywhere on the site."""
    default = Locale.get_default()
    index = LiveIndexPage.objects.filter(locale=default).first()
    home = HomePage.objects.filter(locale=default).first()
    if index is None and home is not None:
        index = home.add_child(instance=LiveIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO))
        index.save_revision().publish()
    return index


def _sessions(producer, products):
    """The two sessions: (fields, body text) for each, by the producer's place and products."""
    province = producer.legacy_province.short_name if producer.legacy_province else "Bắc Giang"
    place = producer.legacy_district.short_name if producer.legacy_district else province
    names = ", ".join(product.title for product in products)
    return {
        "upcoming": (
            {
                "title": f"Livestream: Đặc sản {place} vào mùa",
                "starts_at": _at(1, 20),
                "ends_at": _at(1, 21, 30),
                "platform_url": f"https://www.facebook.com/ocop.{vn_slugify(province).replace('-', '')}/live",
                "host_name": OFFICE.format(province=province),
                "intro": f"{producer.name} cùng Văn phòng OCOP tỉnh giới thiệu {names}: cách làm, cách dùng, "
                "giá ưu đãi trong buổi phát.",
            },
            f"<p>20:00 – Chào hỏi, giới thiệu {producer.name} và vùng nguyên liệu {place}.</p>"
            "<p>20:15 – Giới thiệu từng sản phẩm, giấy chứng nhận OCOP và cách bảo quản.</p>"
            "<p>21:00 – Trả lời câu hỏi của người xem; đặt hàng ngay trên trang này.</p>",
        ),
        "ended": (
            {
                "title": f"Livestream: Sản phẩm OCOP {province} – {products[0].title}",
                "starts_at": _at(-7, 20),
                "ends_at": _at(-7, 21),
                "platform_url": "https://www.youtube.com/@ocopvietnam/live",
                "replay_url": "https://www.youtube.com/watch?v=ocopLivestream1",
                "host_name": OFFICE.format(province=province),
                "intro": f"Buổi giới thiệu {names} của {producer.name}. Xem lại bản ghi và mua sản phẩm ngay tại đây.",
            },
            f"<p>Người xem đã được nghe {producer.name} kể về quy trình sản xuất và cách chọn sản phẩm ngon.</p>",
        ),
    }


def _cover(title, product):
    """The product's studio picture (images.py) in the cover's shape, with a red "on air" mark."""
    data = product_image(product.title, product.subgroup.code if product.subgroup else "", seed=title, size=COVER_SIZE)
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((40, 40, 130, 100), radius=30, fill=(198, 40, 40))
    draw.ellipse((70, 55, 100, 85), fill=(255, 255, 255))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, progressive=True, optimize=True)
    name = f"{vn_slugify(title)[:60]}.jpg"
    return get_image_model().objects.create(title=title, file=ImageFile(out, name=name))


def add_live_sessions():
    """The index and a session for each demo producer login (coming up, then ended); returns the
    sessions added or re-timed."""
    index = live_index()
    if index is None:
        return []
    kinds = ("upcoming", "ended")
    sessions = []
    for (_email, producer), kind in zip(demo_producer_logins(), kinds, strict=False):
        products = list(Product.objects.certified().filter(producer=producer).select_related("subgroup").order_by("pk"))
        if not products:
            continue
        fields, text = _sessions(producer, products)[kind]
        session = LiveSessionPage.objects.filter(producer=producer).first()
        if session is None:
            session = LiveSessionPage(
                slug=vn_slugify(fields["title"].removeprefix("Livestream: "))[:80],
                producer=producer,
                cover_image=_cover(fields["title"], products[0]),
                body=[("paragraph", RichText(text))],
                **fields,
            )
            session.featured_products = [LiveSessionProduct(product=product) for product in products[:4]]
            index.add_child(instance=session)
        else:  # loaded again: the same two sessions, timed from now
            session.starts_at, session.ends_at = fields["starts_at"], fields["ends_at"]
        session.save_revision().publish()
        sessions.append(session)
    return sessions
