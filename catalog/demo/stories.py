"""The demo's product stories: each demo producer login has told the story of one of its listed
products and submitted it to the province's editors, where it awaits approval; a demo editor
login (in the editors' group "Biên tập viên tỉnh") approves it or sends it back in /cms-admin/.
Loading again adds nothing twice."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oscar.core.loading import get_model
from wagtail.rich_text import RichText

from cms.stories import editing
from cms.stories.forms import text_to_rich_text
from cms.stories.models import ProductStoryPage

from .images import wagtail_image
from .orders import PASSWORD, quiet
from .producers import demo_producer_logins

Product = get_model("catalogue", "Product")
EDITOR_EMAIL = "editor@ocop.local"
EDITORS_GROUP = "Biên tập viên tỉnh"  # cms/stories/migrations/0002_story_index_and_editors.py

INTRO = "{producer} kể về {product}: từ vùng nguyên liệu đến tay người mua."
TEXT = (
    "Chúng tôi là {producer}. {product} được làm từ nguyên liệu của chính bà con trong vùng, "
    "thu hoạch đúng mùa và chế biến theo cách cha ông để lại.\n\n"
    "Mỗi mẻ hàng đều được kiểm tra trước khi đóng gói, ghi rõ ngày sản xuất và mã truy xuất.\n"
    "Khách hàng có thể quét mã QR trên bao bì để xem giấy chứng nhận OCOP của sản phẩm.\n\n"
    "Cảm ơn quý khách đã ủng hộ sản phẩm của quê hương."
)


def ensure_editor_login():
    """The demo's province editor (reset to the demo password on every load); ``None`` before
    the stories' migration has made the editors' group."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is None:
        return None
    User = get_user_model()
    user = User.objects.filter(email=EDITOR_EMAIL).first() or User(username="editor", email=EDITOR_EMAIL)
    user.first_name, user.last_name = "Biên tập viên", "tỉnh"
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(group)
    return user


def add_stories():
    """A story awaiting approval for each demo producer login; returns the stories added."""
    index = editing.story_index()
    if index is None:
        return []
    added = []
    for email, producer in demo_producer_logins():
        if ProductStoryPage.objects.filter(producer=producer).exists():
            continue
        product = Product.objects.listable().filter(producer=producer).order_by("pk").first()
        user = get_user_model().objects.filter(email=email).first()
        if product is None or user is None:
            continue
        words = {"producer": producer.name, "product": product.title}
        page = ProductStoryPage(
            title=f"Câu chuyện {product.title}"[:255],
            product=product,
            producer=producer,
            intro=INTRO.format(**words)[:300],
            body=[("paragraph", RichText(text_to_rich_text(TEXT.format(**words))))],
        )
        with quiet():  # Wagtail e-mails the editors about each submission
            editing.add_story(index, page, user)
            editing.submit(page, user)
        added.append(page)
    return added


# The province's own stories: (title, intro, paragraphs), told of listed products of other
# producers than the demo logins'.
PROVINCE_STORIES = [
    (
        "{product}: chuyện từ {district}",
        "Theo chân những người làm ra {product} qua một mùa vụ, từ vườn đến tay người mua.",
        [
            "Mỗi năm, khi vào vụ, cả vùng {district} lại rộn ràng. {producer} huy động bà con thu hoạch từ sớm, "
            "phân loại ngay tại vườn để giữ độ tươi.",
            "Sản phẩm được Hội đồng đánh giá OCOP công nhận {stars} sao nhờ quy trình sản xuất rõ ràng, truy xuất "
            "được nguồn gốc và bao bì đạt chuẩn.",
        ],
    ),
    (
        "{producer}: giữ nghề, giữ vị quê",
        "Câu chuyện của một chủ thể OCOP giữ gìn cách làm truyền thống và đưa sản phẩm lên sàn thương mại điện tử.",
        [
            "Từ một cơ sở nhỏ, {producer} đã chuẩn hóa quy trình, đăng ký nhãn hiệu và tham gia Chương trình OCOP.",
            "Nhờ có giấy chứng nhận OCOP {stars} sao, {product} có mặt ở các điểm giới thiệu sản phẩm của tỉnh và "
            "được bán trực tuyến trên Chợ OCOP.",
        ],
    ),
    (
        "Đặc sản {district} thành sản phẩm OCOP {stars} sao",
        "Những đặc sản của vùng trung du được nâng tầm thành sản phẩm OCOP.",
        [
            "Khí hậu và thổ nhưỡng của {district} tạo nên hương vị riêng cho {product}.",
            "{producer} liên kết với các hộ trồng trong vùng, bao tiêu sản phẩm và cùng nhau giữ chất lượng ổn định.",
        ],
    ),
]


def add_province_stories():
    """Three published stories the province's office wrote itself, each with a photo."""
    index = editing.story_index()
    if index is None or ProductStoryPage.objects.filter(producer__isnull=True).exists():
        return []
    logins = {producer.pk for _email, producer in demo_producer_logins()}
    products = (
        Product.objects.listable()
        .exclude(producer_id__in=logins)
        .filter(producer__legacy_province__code="24")  # Bắc Giang, the demo's province
        .select_related("producer__legacy_district", "group")
        .order_by("-stars", "pk")
    )
    chosen, producers = [], set()
    for product in products:
        if product.producer_id not in producers:
            chosen.append(product)
            producers.add(product.producer_id)
        if len(chosen) == len(PROVINCE_STORIES):
            break
    added = []
    for product, (title, intro, paragraphs) in zip(chosen, PROVINCE_STORIES, strict=False):
        district = product.producer.legacy_district
        words = {
            "product": product.title,
            "producer": product.producer.name,
            "district": district.name if district else "Bắc Giang",
            "stars": product.stars,
        }
        photo = wagtail_image(f"Ảnh câu chuyện: {product.title}", product.title, "VI", f"story-{product.pk}")
        page = ProductStoryPage(
            title=title.format(**words)[:255],
            slug=editing.unique_slug(index, title.format(**words)),
            product=product,
            intro=intro.format(**words)[:300],
            body=[
                ("paragraph", RichText("".join(f"<p>{text.format(**words)}</p>" for text in paragraphs[:1]))),
                ("image", {"image": photo, "caption": f"{product.title} — {words['district']}"}),
                ("paragraph", RichText("".join(f"<p>{text.format(**words)}</p>" for text in paragraphs[1:]))),
            ],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        added.append(page)
    return added


def approve_a_producer_story(editor):
    """The editor approves the first demo producer's story, as in /cms-admin/ (the producer is
    told and the story goes live); the other producer's story still awaits approval."""
    story = ProductStoryPage.objects.filter(producer__isnull=False, live=False).order_by("pk").first()
    if story is None or editor is None:
        return None
    state = story.current_workflow_task_state
    if state is None:
        return None
    with quiet():
        state.task.specific.on_action(state, editor, "approve")
    return story
