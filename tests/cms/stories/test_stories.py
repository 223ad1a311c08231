"""Product stories from a producer's phone to the product page: the producer writes and submits
its story in its area, the province's editors approve it or send it back with a comment in the
CMS admin (Wagtail's own workflow views), the producer is told each time, and the approved story
shows on the product page and in the list of stories."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import WorkflowState
from wagtail.rich_text import RichText

from catalog.certification.models import Status
from cms.stories.models import ProductStoryPage
from marketplace.producers.models import ProducerNotice
from tests.factories import published_story

from .conftest import jpeg

pytestmark = pytest.mark.django_db
LIST = "/dashboard/stories/"
NEW = "/dashboard/stories/new/"


def edit_url(story):
    return f"/dashboard/stories/{story.pk}/"


def form(product, **extra):
    data = {
        "product": product.pk,
        "title": "Mật ong hoa vải Lục Nam",
        "intro": "Mật ong của hợp tác xã, lấy từ rừng vải thiều.",
        "text": "Mùa vải nở hoa vào tháng Ba.\nOng làm mật suốt một tháng.\n\n"
        "Chúng tôi <script>alert(1)</script> lọc mật bằng tay.",
        "video_url": "https://www.youtube.com/watch?v=abc123",
        "action": "save",
    }
    data.update(extra)
    return data


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def decide(editor, story, action, comment=""):
    """An editor approves or sends back ``story`` through the CMS admin's workflow action view."""
    story.refresh_from_db()
    task_state = story.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(story.pk, action, task_state.pk))
    return signed_in(editor).post(url, {"comment": comment})


def producer_mails(producer_user):
    return [m for m in mail.outbox if producer_user.email in m.to]


@pytest.fixture
def submitted(two_producers, story_index, editor):
    """A's story, written with a photo and submitted (the editor is told by Wagtail's e-mail)."""
    client = signed_in(two_producers.user_a)
    response = client.post(NEW, form(two_producers.product_a, action="submit", photos=[jpeg()]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [m for m in mail.outbox if editor.email in m.to]  # Wagtail tells the editors
    return ProductStoryPage.objects.get()


def test_editors_find_the_story_in_the_cms_admin(submitted, editor):
    client = signed_in(editor)
    assert "Mật ong hoa vải Lục Nam" in client.get("/cms-admin/").content.decode()  # "awaiting your review"
    edit = client.get(f"/cms-admin/pages/{submitted.pk}/edit/")
    assert edit.status_code == 200 and "Mật ong hoa vải Lục Nam" in edit.content.decode()
    assert client.get(f"/cms-admin/pages/{submitted.pk}/edit/preview/").status_code in (200, 405)


def test_a_producer_writes_a_draft_then_submits_it(two_producers, story_index):
    t = two_producers
    client = signed_in(t.user_a)
    page = client.get(NEW).content.decode()
    assert t.product_a.title in page and t.bare_a.title in page  # a showcase product too
    assert t.product_b.title not in page

    response = client.post(NEW, form(t.product_a, photos=[jpeg("ruong-vai.jpg"), jpeg("loc-mat.png")]))
    assert response.status_code == 302
    story = ProductStoryPage.objects.get()
    assert (story.producer, story.product, story.owner, story.live) == (t.a, t.product_a, t.user_a, False)
    assert story.url_path.endswith("/cau-chuyen-san-pham/mat-ong-hoa-vai-luc-nam/")
    text, *photos = story.body
    assert "&lt;script&gt;" in text.value.source and "<script>" not in text.value.source
    assert "<br/>" in text.value.source and text.value.source.count("<p>") == 2
    assert [block.block_type for block in photos] == ["image", "image"]
    image = photos[0].value["image"]
    assert image.uploaded_by_user == t.user_a
    assert image.collection.name == "Hợp tác xã Mật ong Lục Nam (htx-a)"
    assert image.collection.get_parent().name == "Ảnh của chủ thể"
    assert not story.workflow_in_progress
    assert "Bản nháp" in client.get(LIST).content.decode()
    assert Client().get("/cau-chuyen-san-pham/mat-ong-hoa-vai-luc-nam/").status_code == 404

    assert (
        client.post(edit_url(story), form(t.product_a, title="Mật ong vải Lục Nam", action="submit")).status_code == 302
    )
    story.refresh_from_db()
    assert story.workflow_in_progress and story.draft_title == "Mật ong vải Lục Nam" and not story.live
    assert story.current_workflow_state.workflow.name == "Duyệt câu chuyện sản phẩm"
    assert len(story.body) == 3  # the photos stay
    listing = client.get(LIST).content.decode()
    assert "Chờ duyệt" in listing
    assert "Mật ong vải Lục Nam" not in Client().get(t.product_a.get_absolute_url()).content.decode()


def test_the_editor_approves_and_the_story_is_published_on_the_product_page(
    submitted, two_producers, editor, django_capture_on_commit_callbacks
):
    t = two_producers
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert decide(editor, submitted, "approve").status_code == 302
    submitted.refresh_from_db()
    assert submitted.live and submitted.current_workflow_state is None

    product_page = Client().get(t.product_a.get_absolute_url()).content.decode()
    assert "Mật ong hoa vải Lục Nam" in product_page and submitted.url in product_page
    assert "Mật ong của hợp tác xã" in product_page
    story_page = Client().get(submitted.url)
    html = story_page.content.decode()
    assert story_page.status_code == 200
    assert "lọc mật bằng tay" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Xem video trên YouTube" in html and 'href="https://www.youtube.com/watch?v=abc123"' in html
    assert "youtube.com/embed" not in html and "<iframe" not in html  # a link, nothing loaded from YouTube
    assert '"@type": "Article"' in html and "250.000" in html  # JSON-LD; the product card with its price
    assert submitted.url in Client().get("/cau-chuyen-san-pham/").content.decode()

    notices = ProducerNotice.objects.filter(producer=t.a)
    assert [n.kind for n in notices] == [ProducerNotice.Kind.STORY_APPROVED]
    assert notices[0].url == edit_url(submitted)
    assert "được duyệt" in notices[0].message
    assert len(producer_mails(t.user_a)) == 1  # ours; Wagtail's admin e-mail is not sent to a producer


def test_the_editor_sends_it_back_with_a_comment_and_the_producer_resubmits(
    submitted, two_producers, editor, django_capture_on_commit_callbacks
):
    t = two_producers
    client = signed_in(t.user_a)
    with django_capture_on_commit_callbacks(execute=True):
        decide(editor, submitted, "reject", "Cần thêm ảnh đàn ong & tổ ong.")
    submitted.refresh_from_db()
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES and not submitted.live
    listing = client.get(LIST).content.decode()
    assert "Bị trả lại" in listing and "Cần thêm ảnh đàn ong &amp; tổ ong." in listing
    assert "Cần thêm ảnh đàn ong" in client.get(edit_url(submitted)).content.decode()
    sent_back = ProducerNotice.objects.get(producer=t.a, kind=ProducerNotice.Kind.STORY_SENT_BACK)
    assert "Cần thêm ảnh đàn ong & tổ ong." in sent_back.message
    assert len(producer_mails(t.user_a)) == 1

    first_state = submitted.current_workflow_state
    assert (
        client.post(edit_url(submitted), form(t.product_a, action="submit", photos=[jpeg("to-ong.jpg")])).status_code
        == 302
    )
    submitted.refresh_from_db()
    assert submitted.current_workflow_state == first_state  # Wagtail resumes the workflow it sent back
    assert submitted.workflow_in_progress

    with django_capture_on_commit_callbacks(execute=True):
        decide(editor, submitted, "reject", "Sửa lại tiêu đề.")
    assert ProducerNotice.objects.filter(producer=t.a, kind=ProducerNotice.Kind.STORY_SENT_BACK).count() == 2
    client.post(edit_url(submitted), form(t.product_a, title="Mật ong hoa vải", action="submit"))
    with django_capture_on_commit_callbacks(execute=True):
        decide(editor, submitted, "approve")
    submitted.refresh_from_db()
    assert submitted.live and submitted.title == "Mật ong hoa vải"
    assert len([b for b in submitted.body if b.block_type == "image"]) == 2
    assert ProducerNotice.objects.filter(producer=t.a).count() == 3
    assert len(producer_mails(t.user_a)) == 3


def test_changes_to_a_published_story_wait_for_approval(submitted, two_producers, editor):
    t = two_producers
    decide(editor, submitted, "approve")
    client = signed_in(t.user_a)
    client.post(edit_url(submitted), form(t.product_a, title="Tiêu đề mới", intro="Giới thiệu mới."))
    submitted.refresh_from_db()
    assert submitted.live and submitted.title == "Mật ong hoa vải Lục Nam" and submitted.draft_title == "Tiêu đề mới"
    public = Client().get(submitted.url).content.decode()
    assert "Tiêu đề mới" not in public and "Giới thiệu mới" not in public
    assert "Đã đăng; có thay đổi chưa gửi duyệt" in client.get(LIST).content.decode()
    preview = client.get(f"{edit_url(submitted)}preview/")
    assert "Tiêu đề mới" in preview.content.decode() and preview["X-Robots-Tag"] == "noindex"
    assert client.post(f"{edit_url(submitted)}delete/").status_code == 302  # refused: it was published
    assert ProductStoryPage.objects.filter(pk=submitted.pk).exists()

    client.post(edit_url(submitted), form(t.product_a, title="Tiêu đề mới", intro="Giới thiệu mới.", action="submit"))
    decide(editor, submitted, "approve")
    assert "Giới thiệu mới" in Client().get(submitted.url).content.decode()


def test_nothing_changes_while_a_story_awaits_approval_until_it_is_withdrawn(submitted, two_producers):
    client = signed_in(two_producers.user_a)
    revisions = submitted.revisions.count()
    response = client.post(edit_url(submitted), form(two_producers.product_a, title="Sửa lén"))
    assert response.status_code == 409 and "Chờ duyệt" in response.content.decode()
    response = client.post(edit_url(submitted), form(two_producers.product_a, action="submit"))
    assert response.status_code == 409
    assert submitted.revisions.count() == revisions
    assert WorkflowState.objects.count() == 1

    client.post(edit_url(submitted), {"action": "withdraw"})
    submitted.refresh_from_db()
    assert not submitted.workflow_in_progress
    assert client.post(edit_url(submitted), form(two_producers.product_a, title="Sửa đàng hoàng")).status_code == 302
    submitted.refresh_from_db()
    assert submitted.draft_title == "Sửa đàng hoàng"


def test_a_draft_can_be_deleted(two_producers, story_index):
    client = signed_in(two_producers.user_a)
    client.post(NEW, form(two_producers.product_a))
    story = ProductStoryPage.objects.get()
    assert "Xóa câu chuyện?" in client.get(f"{edit_url(story)}delete/").content.decode()
    assert client.post(f"{edit_url(story)}delete/").status_code == 302
    assert not ProductStoryPage.objects.exists()
    story_index.refresh_from_db()
    assert story_index.numchild == 0


def test_a_producer_never_reaches_another_producers_story_or_product(two_producers, story_index):
    t = two_producers
    a = signed_in(t.user_a)
    a.post(NEW, form(t.product_a))
    story = ProductStoryPage.objects.get()
    revisions = story.revisions.count()
    b = signed_in(t.user_b)
    for url in (edit_url(story), f"{edit_url(story)}delete/", f"{edit_url(story)}preview/"):
        assert b.get(url).status_code == 404, url
    for data in (form(t.product_b, title="Của B"), {"action": "withdraw"}, form(t.product_b, action="submit")):
        assert b.post(edit_url(story), data).status_code == 404
    assert b.post(f"{edit_url(story)}delete/").status_code == 404
    assert story.title not in b.get(LIST).content.decode()
    story.refresh_from_db()
    assert (story.revisions.count(), story.draft_title, story.workflow_in_progress) == (
        revisions,
        "Mật ong hoa vải Lục Nam",
        False,
    )

    response = b.post(NEW, form(t.product_a, title="Câu chuyện mượn"))  # A's product
    assert response.status_code == 400 and "Hãy chọn một sản phẩm của bạn" in response.content.decode()
    response = a.post(edit_url(story), form(t.product_b))  # A moves its story to B's product
    assert response.status_code == 400
    assert ProductStoryPage.objects.count() == 1 and ProductStoryPage.objects.get().product == t.product_a


def test_only_producers_and_staff_have_stories(two_producers, story_index, django_user_model):
    assert Client().get(LIST)["Location"].startswith("/accounts/login/")
    customer = django_user_model.objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026")
    assert signed_in(customer).get(LIST).status_code == 403
    assert signed_in(customer).post(NEW, form(two_producers.product_a)).status_code == 403
    staff = signed_in(two_producers.staff)
    assert staff.get(LIST).status_code == 200
    data = {**form(two_producers.product_b), "product": two_producers.product_b.product_code}  # staff type the code
    response = staff.post(NEW, data)
    assert response.status_code == 302
    story = ProductStoryPage.objects.get()
    assert story.producer == two_producers.b and two_producers.b.name in staff.get(LIST).content.decode()


def test_wagtail_still_emails_decisions_to_people_who_use_the_cms_admin(two_producers, story_index, editor):
    """Only producers' users are spared Wagtail's own e-mail (they get the producer notice)."""
    staff = signed_in(two_producers.staff)
    data = {**form(two_producers.product_b, action="submit"), "product": two_producers.product_b.product_code}
    staff.post(NEW, data)
    mail.outbox.clear()
    decide(editor, ProductStoryPage.objects.get(), "approve")
    assert [m for m in mail.outbox if two_producers.staff.email in m.to]


def test_every_story_url_is_tried_with_another_producers_ids():
    from django.urls import get_resolver

    names = get_resolver().namespace_dict["stories-dashboard"][1].reverse_dict
    tried = {"story-list", "story-create", "story-edit", "story-delete", "story-preview"}
    assert {name for name in names if isinstance(name, str)} == tried  # see the test just above


@pytest.mark.parametrize(
    "upload, words",
    [
        (lambda: _named(b"%PDF-1.4 not a photo", "hoa-don.jpg"), "hoa-don.jpg: Tệp này không phải ảnh"),
        (lambda: jpeg("to.png", size=(3000, 3000), fmt="PNG"), "to.png: Ảnh này có 3000 × 3000 điểm ảnh"),
        (lambda: noisy_jpeg("nang.jpg"), "nang.jpg: Ảnh này nặng"),
    ],
)
def test_uploads_that_are_not_photos_or_too_big_are_refused(two_producers, story_index, settings, upload, words):
    settings.PHOTO_MAX_PIXELS = 4_000_000
    settings.PHOTO_MAX_UPLOAD_SIZE = 60_000
    response = signed_in(two_producers.user_a).post(NEW, form(two_producers.product_a, photos=[jpeg(), upload()]))
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html and "Chưa lưu gì" in html
    assert not ProductStoryPage.objects.exists()


def noisy_jpeg(name):
    """A JPEG far heavier than its size in pixels (noise does not compress)."""
    import io
    import os

    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(buffer, "JPEG", quality=95)
    buffer.name = name
    buffer.seek(0)
    return buffer


def _named(content, name):
    import io

    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_at_most_six_photos(two_producers, story_index):
    client = signed_in(two_producers.user_a)
    response = client.post(NEW, form(two_producers.product_a, photos=[jpeg(f"{n}.jpg") for n in range(7)]))
    assert response.status_code == 400 and "tối đa 6 ảnh" in response.content.decode()
    client.post(NEW, form(two_producers.product_a, photos=[jpeg(f"{n}.jpg") for n in range(6)]))
    story = ProductStoryPage.objects.get()
    assert client.post(edit_url(story), form(two_producers.product_a, photos=[jpeg()])).status_code == 400
    first = story.body[1].value["image"]
    data = form(two_producers.product_a, photos=[jpeg("moi.jpg")], remove_photos=[first.pk])
    assert client.post(edit_url(story), data).status_code == 302
    images = [
        b.value["image"]
        for b in ProductStoryPage.objects.get().get_latest_revision_as_object().body
        if b.block_type == "image"
    ]
    assert len(images) == 6 and first not in images


@pytest.mark.parametrize(
    "link, accepted",
    [
        ("https://youtu.be/abc", True),
        ("youtube.com/watch?v=abc", True),  # typed without https://
        ("https://www.facebook.com/reel/123", True),
        ("https://www.tiktok.com/@htx/video/1", True),
        ("https://vimeo.com/123", True),
        ("http://www.youtube.com/watch?v=abc", False),
        ("javascript:alert(1)", False),
        ("https://evil.example/youtube.com", False),
        ("https://youtube.com.evil.example/", False),
        ("https://user@youtube.com/watch", False),
        ("https://www.youtube.com:8443/watch", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_video_links_only_to_video_platforms(two_producers, story_index, link, accepted):
    response = signed_in(two_producers.user_a).post(NEW, form(two_producers.product_a, video_url=link))
    assert (response.status_code == 302) == accepted, response.content.decode()[:200]
    if not accepted:
        assert "YouTube, Facebook, TikTok hoặc Vimeo" in response.content.decode()


def test_a_story_of_a_delisted_product_stays_readable_without_anything_to_buy(two_producers, story_index):
    story = published_story(two_producers.product_a)
    assert "250.000" in Client().get(story.url).content.decode()
    certificate = two_producers.product_a.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    response = Client().get(story.url)
    html = response.content.decode()
    assert response.status_code == 200 and "Ong hút mật hoa vải" in html
    assert "250.000" not in html and "hiện không được bán trên trang này" in html
    assert story.url in Client().get("/cau-chuyen-san-pham/").content.decode()


def test_rich_text_is_sanitised_when_shown(two_producers, story_index):
    hostile = (
        '<p onclick="steal()">Mật <a href="javascript:alert(1)">ong</a><img src=x onerror=alert(1)></p>'
        "<script>alert(2)</script>"
    )
    story = published_story(two_producers.product_a, body=[("paragraph", RichText(hostile))])
    html = Client().get(story.url).content.decode()
    assert "Mật" in html
    assert "steal()" not in html and "javascript:alert" not in html and "onerror" not in html and "alert(2)" not in html


def test_the_index_lists_live_stories_newest_first_page_by_page(two_producers, story_index):
    for n in range(13):
        published_story(two_producers.product_a, title=f"Câu chuyện số {n}")
    draft = published_story(two_producers.product_b, title="Chưa đăng")
    draft.unpublish()
    first = Client().get("/cau-chuyen-san-pham/").content.decode()
    assert first.index("Câu chuyện số 12") < first.index("Câu chuyện số 1<") and "Câu chuyện số 0" not in first
    assert "Chưa đăng" not in first and "Trang 1 / 2" in first
    second = Client().get("/cau-chuyen-san-pham/?page=2").content.decode()
    assert "Câu chuyện số 0" in second and "Câu chuyện số 12" not in second
    for hostile in ("abc", "0", "-1", "99999999999999999999", "9" * 5000, "\x00"):
        assert Client().get("/cau-chuyen-san-pham/", {"page": hostile}).status_code == 200


def test_the_sitemap_lists_published_stories_only(two_producers, story_index):
    live = published_story(two_producers.product_a, title="Đã đăng")
    draft = published_story(two_producers.product_b, title="Bản nháp thôi")
    draft.unpublish()
    xml = Client().get("/sitemap.xml").content.decode()
    assert live.url in xml and "/cau-chuyen-san-pham/" in xml and draft.url not in xml


def test_the_product_page_shows_stories_in_constant_queries(two_producers, story_index, django_assert_max_num_queries):
    product = two_producers.product_a
    body = [("paragraph", RichText("<p>Chuyện.</p>"))]
    published_story(product, title="Chuyện một", body=body)
    client = Client()
    client.get(product.get_absolute_url())
    with django_assert_max_num_queries(60) as baseline:
        client.get(product.get_absolute_url())
    baseline = len(baseline)
    for n in range(3):
        image = get_image_model().objects.create(title=f"Ảnh {n}", file=get_test_image_file())
        published_story(product, title=f"Chuyện có ảnh {n}", body=[("image", {"image": image, "caption": ""})])
    client.get(product.get_absolute_url())  # makes the card renditions once
    with django_assert_max_num_queries(baseline + 2):  # the photos and their renditions
        html = client.get(product.get_absolute_url()).content.decode()
    assert html.count('class="story-card"') == 3 and "Chuyện có ảnh 2" in html
