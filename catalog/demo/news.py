"""The demo's province news (/tin-tuc/): the Bắc Giang OCOP office's articles across the five
categories, published on different days in the past, with lead photos drawn with Pillow (as the
products' pictures are), tags, a quote, product cards and related products of real listable demo
products — and one article scheduled a few days ahead, to show Wagtail's scheduled publishing in
/cms-admin/. Loading again adds nothing twice (an article is known by its address)."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cms.news.editing import news_index
from cms.news.models import NewsPage, NewsPageProduct
from marketplace.text import vn_slugify

from .images import product_image

Product = get_model("catalogue", "Product")
BAC_GIANG = "24"  # GSO code of the (legacy) province whose office writes the demo's news

ARTICLES = [
    {
        "title": "Hội đồng tỉnh đánh giá, phân hạng 28 sản phẩm OCOP đợt 1 năm 2026",
        "category": "programme",
        "days_ago": 3,
        "tags": ["Đánh giá sản phẩm", "Hội đồng OCOP"],
        "picture": ("Vải thiều Lục Ngạn", "I.1"),
        "intro": "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh đã chấm điểm 28 sản phẩm của 21 chủ thể; "
        "19 sản phẩm đạt từ 3 sao trở lên.",
        "paragraphs": [
            "Sáng thứ Ba, Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh đã họp đánh giá 28 sản phẩm do các "
            "hợp tác xã, doanh nghiệp và hộ sản xuất trên địa bàn đề nghị. Các sản phẩm thuộc nhóm thực phẩm, đồ "
            "uống, thảo dược và du lịch cộng đồng.",
            "Mỗi sản phẩm được chấm theo bộ tiêu chí của Quyết định 148/QĐ-TTg: sản phẩm và sức mạnh cộng đồng, "
            "khả năng tiếp thị, chất lượng sản phẩm. Hội đồng đã nếm thử, kiểm tra hồ sơ công bố chất lượng và "
            "nhãn mác của từng sản phẩm.",
        ],
        "quote": (
            "Sản phẩm OCOP không chỉ là đặc sản, mà phải là hàng hóa có câu chuyện, có truy xuất nguồn gốc và "
            "đứng vững được trên thị trường.",
            "Đại diện Hội đồng đánh giá cấp tỉnh",
        ),
        "products": ["Vải thiều", "Mật ong"],
    },
    {
        "title": "Tỉnh hỗ trợ chủ thể OCOP thiết kế bao bì, tem truy xuất nguồn gốc năm 2026",
        "category": "policy",
        "days_ago": 9,
        "tags": ["Chính sách hỗ trợ", "Bao bì"],
        "picture": ("Mỳ Chũ", "I.3"),
        "intro": "Các chủ thể có sản phẩm đạt 3 sao trở lên được hỗ trợ tới 70% chi phí thiết kế bao bì và tem "
        "truy xuất nguồn gốc; hồ sơ nộp về Văn phòng Điều phối trước ngày 30/6.",
        "paragraphs": [
            "Theo kế hoạch thực hiện Chương trình OCOP năm 2026, ngân sách tỉnh hỗ trợ các hợp tác xã, doanh "
            "nghiệp nhỏ và hộ sản xuất cải tiến bao bì, đăng ký nhãn hiệu và in tem truy xuất nguồn gốc.",
            "Hồ sơ gồm đơn đề nghị, bản sao giấy chứng nhận OCOP còn hiệu lực và báo giá của đơn vị thiết kế. "
            "Văn phòng Điều phối Nông thôn mới tỉnh hướng dẫn chủ thể hoàn thiện hồ sơ.",
        ],
        "products": ["Mỳ Chũ"],
    },
    {
        "title": "Tập huấn bán hàng qua sàn thương mại điện tử và livestream cho hợp tác xã",
        "category": "training",
        "days_ago": 16,
        "tags": ["Thương mại điện tử", "Livestream", "Hợp tác xã"],
        "picture": ("Nấm linh chi", "III.1"),
        "intro": "Hơn 80 học viên từ các hợp tác xã, tổ hợp tác được hướng dẫn mở gian hàng trên sàn thương mại "
        "điện tử, chụp ảnh sản phẩm và bán hàng qua livestream.",
        "paragraphs": [
            "Trong ba ngày, giảng viên hướng dẫn học viên cách đăng sản phẩm, viết mô tả đúng với giấy chứng nhận "
            "OCOP, chụp ảnh bằng điện thoại và chốt đơn trong phiên livestream.",
            "Mỗi hợp tác xã đã thực hành một phiên bán hàng trực tiếp với sản phẩm của mình, có chuyên gia góp ý "
            "về lời giới thiệu, ánh sáng và cách trả lời câu hỏi của người xem.",
        ],
        "quote": ("Lần đầu tiên tôi bán được 40 hũ mật ong chỉ trong một buổi tối.", "Học viên lớp tập huấn"),
        "products": ["Nấm linh chi", "Mật ong"],
    },
    {
        "title": "Tuần hàng OCOP Bắc Giang tại Hà Nội thu hút hàng nghìn lượt khách",
        "category": "trade-promotion",
        "days_ago": 24,
        "tags": ["Tuần hàng OCOP", "Hà Nội"],
        "picture": ("Bưởi đỏ", "I.1"),
        "intro": "Gần 60 gian hàng giới thiệu vải thiều, mật ong, mỳ Chũ, gà đồi Yên Thế và nhiều sản phẩm OCOP khác "
        "của tỉnh tới người tiêu dùng Thủ đô.",
        "paragraphs": [
            "Tuần hàng diễn ra trong năm ngày với các hoạt động trưng bày, giới thiệu, bán sản phẩm và kết nối giao "
            "thương giữa chủ thể OCOP với các hệ thống siêu thị, cửa hàng tiện lợi.",
            "Nhiều hợp tác xã đã ký được hợp đồng bao tiêu sản phẩm, đặc biệt là vải thiều sấy khô và mỳ gạo hữu cơ.",
        ],
        "products": ["Vải thiều sấy", "Mỳ gạo", "Gà ủ muối"],
    },
    {
        "title": "Hợp tác xã mật ong Lục Nam: từ đàn ong nhỏ đến sản phẩm OCOP 4 sao",
        "category": "success-stories",
        "days_ago": 33,
        "tags": ["Mật ong", "Lục Nam", "Gương điển hình"],
        "picture": ("Mật ong hoa vải", "I.2.b"),
        "intro": "Từ vài chục đàn ong nuôi trong vườn vải, hợp tác xã đã xây dựng thương hiệu mật ong hoa vải đạt "
        "OCOP 4 sao và bán hàng khắp cả nước.",
        "paragraphs": [
            "Mùa vải nở hoa vào tháng Ba là mùa bận rộn nhất của các thành viên hợp tác xã. Ong được đưa vào rừng "
            "vải, mật được quay và lọc bằng tay, đóng chai ngay tại xưởng.",
            "Nhờ được hỗ trợ xây dựng nhãn hiệu và tham gia Chương trình OCOP, sản phẩm có tem truy xuất nguồn gốc; "
            "người mua quét mã QR trên chai là xem được giấy chứng nhận.",
        ],
        "quote": ("Giữ chữ tín với khách hàng là giữ nghề cho cả làng.", "Giám đốc hợp tác xã"),
        "products": ["Mật ong Lục Nam", "Mật ong hoa vải"],
    },
    {
        "title": "Hướng dẫn hồ sơ đề nghị đánh giá lại sản phẩm OCOP hết hạn chứng nhận",
        "category": "policy",
        "days_ago": 47,
        "tags": ["Chứng nhận OCOP", "Thủ tục"],
        "picture": ("Gạo thơm", "I.3"),
        "intro": "Giấy chứng nhận OCOP có hiệu lực 36 tháng; chủ thể cần nộp hồ sơ đánh giá lại trước khi hết hạn "
        "để sản phẩm tiếp tục được giới thiệu và bán.",
        "paragraphs": [
            "Sản phẩm có giấy chứng nhận hết hiệu lực sẽ không còn được gắn biểu trưng OCOP và không được bày bán "
            "như sản phẩm OCOP tại các điểm giới thiệu sản phẩm.",
            "Hồ sơ đánh giá lại gồm phiếu đăng ký, báo cáo tình hình sản xuất kinh doanh và kết quả kiểm nghiệm "
            "chất lượng còn hiệu lực.",
        ],
        "products": ["Gạo thơm"],
    },
    {
        "title": "Lớp tập huấn kỹ năng xây dựng câu chuyện sản phẩm cho chủ thể OCOP",
        "category": "training",
        "days_ago": 60,
        "tags": ["Câu chuyện sản phẩm", "Hợp tác xã"],
        "picture": ("Tinh dầu quế", "III.2"),
        "intro": "Chủ thể OCOP được hướng dẫn kể câu chuyện về nguồn gốc, con người và vùng đất làm nên sản phẩm — "
        "một tiêu chí quan trọng khi đánh giá, phân hạng.",
        "paragraphs": [
            "Câu chuyện sản phẩm giúp người mua hiểu vì sao sản phẩm khác biệt: nguyên liệu của vùng, bí quyết của "
            "người làm, sự gắn bó với cộng đồng.",
            "Sau lớp học, các chủ thể có thể tự viết câu chuyện và gửi lên trang Chợ OCOP để biên tập viên của tỉnh "
            "duyệt đăng.",
        ],
        "products": ["Tinh dầu quế"],
    },
    {
        "title": "Tổng kết 5 năm Chương trình OCOP: sản phẩm nông thôn vươn xa",
        "category": "programme",
        "days_ago": 75,
        "tags": ["Hội đồng OCOP", "Tổng kết"],
        "picture": ("Du lịch sinh thái", "VI.1"),
        "intro": "Sau 5 năm, toàn tỉnh có hàng trăm sản phẩm OCOP từ 3 sao trở lên; nhiều sản phẩm đã có mặt tại siêu "
        "thị và sàn thương mại điện tử.",
        "paragraphs": [
            "Chương trình OCOP đã giúp nhiều hợp tác xã chuẩn hóa quy trình sản xuất, nâng cao chất lượng và giá trị "
            "của nông sản địa phương.",
            "Giai đoạn tới, tỉnh tập trung phát triển sản phẩm du lịch cộng đồng gắn với làng nghề và vùng cây ăn "
            "quả đặc sản.",
        ],
        "quote": ("Mỗi sản phẩm OCOP là niềm tự hào của một vùng quê.", "Lãnh đạo Văn phòng Điều phối"),
        "products": ["Du lịch sinh thái", "Homestay"],
    },
    {
        "title": "Khai mạc Hội chợ vải thiều và sản phẩm OCOP Lục Ngạn 2026",
        "category": "trade-promotion",
        "go_live_in_days": 5,
        "tags": ["Vải thiều", "Hội chợ"],
        "picture": ("Vải sớm", "I.1"),
        "intro": "Hội chợ giới thiệu vải thiều chính vụ cùng các sản phẩm OCOP của tỉnh, với phiên livestream bán hàng "
        "của các hợp tác xã.",
        "paragraphs": [
            "Hội chợ kéo dài bốn ngày tại trung tâm huyện Lục Ngạn, có khu trưng bày sản phẩm OCOP và khu trải "
            "nghiệm hái vải tại vườn.",
        ],
        "products": ["Vải thiều"],
    },
]


def _products(keywords, limit=3):
    """Listable demo products of the province whose name contains one of ``keywords``."""
    found = []
    listable = Product.objects.listable().filter(producer__legacy_province__code=BAC_GIANG).order_by("pk")
    for keyword in keywords:
        product = listable.filter(title__contains=keyword).exclude(pk__in=[p.pk for p in found]).first()
        if product is not None:
            found.append(product)
    return found[:limit]


def _lead_image(article, slug):
    name, code = article["picture"]
    data = product_image(name, code, seed=slug, size=(1200, 800))
    image = get_image_model()(title=article["title"][:255])
    image.file.save(f"tin-tuc-{slug[:60]}.jpg", ImageFile(io.BytesIO(data), name=f"{slug[:60]}.jpg"), save=False)
    image.save()
    return image


def _body(article, products):
    body = [("paragraph", RichText(f"<p>{text}</p>")) for text in article["paragraphs"]]
    if "quote" in article:
        quote, attribution = article["quote"]
        body.insert(1, ("quote", {"quote": quote, "attribution": attribution}))
    if len(products) > 1:  # the first in the text, the others below it (related products)
        body.append(("products", {"title": "Sản phẩm được nhắc đến", "products": products[:1]}))
    return body


def add_news():
    """The news index and the demo's articles; returns the articles added."""
    index = news_index()
    if index is None:
        return []
    existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    now = timezone.localtime().replace(hour=8, minute=30, second=0, microsecond=0)
    added = []
    for article in ARTICLES:
        slug = vn_slugify(article["title"])[:80].strip("-")
        if slug in existing:
            continue
        products = _products(article["products"])
        page = NewsPage(
            title=article["title"],
            slug=slug,
            category=article["category"],
            intro=article["intro"],
            lead_image=_lead_image(article, slug),
            lead_image_caption=f"Ảnh minh họa: {article['picture'][0]}",
            lead_image_credit="Văn phòng Điều phối Nông thôn mới tỉnh",
            body=_body(article, products),
            related_products=[
                NewsPageProduct(product=product, sort_order=n) for n, product in enumerate(products[1:] or products)
            ],
        )
        page.tags.add(*article["tags"])
        if "go_live_in_days" in article:
            page.go_live_at = now + datetime.timedelta(days=article["go_live_in_days"])
        page.live = False
        index.add_child(instance=page)
        page.save_revision().publish()  # scheduled when go_live_at is ahead: Wagtail keeps it unpublished
        if "days_ago" in article:
            when = now - datetime.timedelta(days=article["days_ago"])
            NewsPage.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
        added.append(page)
    return added
