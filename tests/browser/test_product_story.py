"""A producer tells the story of its product from a phone: writes it with two photos from the
gallery and submits it; once the province's editor has approved it, the story is on the product
page and its own page shows the photos — in Chromium on a phone viewport, under the
Content-Security-Policy."""

import pytest
from PIL import Image

from cms.stories.models import ProductStoryPage
from tests.browser.conftest import picture_shown
from tests.cms.stories.conftest import editor, story_index, two_producers  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo(path, color):
    Image.new("RGB", (1600, 1200), color).save(path, "JPEG")
    return str(path)


def test_a_producer_writes_a_story_and_it_is_published_once_approved(
    page,
    live_server,
    two_producers,  # noqa: F811  (the fixtures imported above)
    story_index,  # noqa: F811
    editor,  # noqa: F811
    tmp_path,
):
    t = two_producers
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login-username").fill(t.user_a.email)
    page.locator("#id_login-password").fill("mat-khau-dai-2026")
    page.locator("#id_login-password").press("Enter")
    page.wait_for_url("**/dashboard/")
    page.goto(live_server.url + "/dashboard/stories/")
    page.get_by_role("link", name="Viết câu chuyện").first.click()
    page.get_by_label("Sản phẩm").select_option(label=t.product_a.title)
    page.get_by_label("Tiêu đề").fill("Mùa mật vải ở Lục Nam")
    page.get_by_label("Giới thiệu").fill("Mỗi tháng Ba, cả hợp tác xã theo đàn ong vào rừng vải.")
    page.get_by_label("Câu chuyện của bạn").fill("Ong hút mật hoa vải.\n\nChúng tôi quay mật bằng tay.")
    page.get_by_label("Liên kết video").fill("youtu.be/ocop2026")
    page.get_by_label("Thêm ảnh").set_input_files(
        [photo(tmp_path / "IMG_1.jpg", (200, 140, 30)), photo(tmp_path / "IMG_2.jpg", (40, 120, 60))]
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the story form is {width}px wide on a 412px phone"
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_text("Đã gửi “Mùa mật vải ở Lục Nam” cho biên tập viên của tỉnh.").wait_for()
    assert "Chờ duyệt" in page.locator("#story_list").inner_text()
    page.screenshot(path=str(tmp_path / "list.png"), full_page=True)

    story = ProductStoryPage.objects.get()
    story.current_workflow_task_state.approve(user=editor)  # the editor, in the CMS admin

    page.goto(live_server.url + t.product_a.get_absolute_url())
    page.locator(".product-stories").get_by_role("link", name="Mùa mật vải ở Lục Nam").click()
    page.wait_for_url("**/cau-chuyen-san-pham/mua-mat-vai-o-luc-nam/")
    photos = page.locator(".story-photo img")
    assert photos.count() == 2
    assert all(picture_shown(photos.nth(n)) for n in range(2))  # lazy: fetched once scrolled to
    assert page.get_by_role("link", name="Xem video trên YouTube").get_attribute("href") == "https://youtu.be/ocop2026"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the story page is {width}px wide on a 412px phone"
    page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
    assert violations == []
