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
