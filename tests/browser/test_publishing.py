"""A province editor publishes a news article with a product card, and it appears on the home
page — the way people do it in Wagtail's admin (/cms-admin/) on a computer: the editor writes the
article, adds a "Product cards" block with the StreamField's "+" menu, picks the product in the
chooser by searching for it and submits the article; someone of the provincial OCOP office
approves it. Then a shopper on a phone sees it in the home page's latest news, opens it and
follows the product card to the product — under the Content-Security-Policy."""

import pytest
from oscar.core.loading import get_model

from cms.news.models import NewsPage
from tests.browser.conftest import csp_violations
from tests.cms.conftest import cms_editor, office_user, publishing  # noqa: F401  (fixtures)
from tests.cms.news.conftest import news_index  # noqa: F401  (a fixture)
from tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ProductCategory = get_model("catalogue", "ProductCategory")
PASSWORD = "mat-khau-dai-2026"  # tests/cms/conftest.py
TITLE = "Vải thiều Lục Ngạn vào vụ xuất khẩu"


@pytest.fixture
def products(db):
    """Two listable products: the one the article is about, and another the search must leave out."""
    litchi = ProductFactory(title="Vải thiều sấy khô Lục Ngạn", price=180000)
    honey = ProductFactory(title="Mật ong hoa vải Lục Nam", price=250000)
    for product in (litchi, honey):  # classified, as the registry import does
        ProductCategory.objects.create(product=product, category=product.subgroup)
    return litchi, honey


@pytest.fixture
def news_home(publishing, news_index):  # noqa: F811
    """The home page composed with the latest-news block, as the office does it."""
    # Read again: the news index was added under it since (a stale count of children, saved
    # back by publishing, would hide the index from Wagtail's routing).
    publishing.refresh_from_db()
    publishing.body = [("latest_news", {"title": "Tin tức OCOP", "count": 4, "category": ""})]
    publishing.save_revision().publish()
    return publishing


@pytest.fixture
def desktop(browser):
    """``desktop()``: a new browser context the size of a computer's screen (Wagtail's admin is
    used on one), one per person."""
    contexts = []

    def new_context():
        contexts.append(browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN"))
        return contexts[-1]

    yield new_context
    for context in contexts:
        context.close()


def sign_in(context, url, user):
    """``user`` signs in to Wagtail's admin in ``context``; returns the page on the dashboard."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url + "/cms-admin/login/")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(url + "/cms-admin/")
    return page


def footer_action(page, name):
    """Open the editor's footer action menu (the drop-up next to the main button) and return
    the action ``name`` (e.g. ``action-submit``), or the main button if it is that one."""
    footer = page.locator("footer")
    main = footer.locator(f"button[name='{name}']")
    if not main.is_visible():
        footer.locator("[data-w-dropdown-target='toggle']").first.click()
    # a workflow action without a modal (e.g. "Approve", not "Approve with comment")
    workflow_action = f"[data-workflow-action-name='{name}']:not([data-workflow-action-modal-url])"
    return footer.locator(f"button[name='{name}'], {workflow_action}").first


def test_an_editor_publishes_an_article_with_a_product_card_and_it_is_on_the_home_page(
    page,
    desktop,
    live_server,
    products,
    news_home,
    news_index,  # noqa: F811
    cms_editor,  # noqa: F811
    office_user,  # noqa: F811
    tmp_path,
):
    litchi, honey = products
    url = live_server.url

    # --- the editor writes the article and submits it --------------------------------------
    admin = sign_in(desktop(), url, cms_editor)
    admin.goto(f"{url}/cms-admin/pages/add/news/newspage/{news_index.pk}/")
    admin.locator("#id_title").fill(TITLE)
    admin.locator("#id_intro").fill("Vụ vải năm nay được mùa, giá tốt; hợp tác xã đã sẵn sàng xuất khẩu.")
    admin.locator("#id_category").select_option("success-stories")
    body = admin.locator("[data-contentpath='body']").first
    body.locator("button.c-sf-add-button").first.click()
    admin.get_by_role("option", name="Thẻ sản phẩm").click()
    admin.screenshot(path=str(tmp_path / "block.png"), full_page=True)
    body.locator("[data-chooser-action-choose]").first.click()
    modal = admin.locator(".modal")
    modal.get_by_role("heading", name="Chọn một sản phẩm OCOP").wait_for()
    with admin.expect_response(lambda response: "/product-chooser/" in response.url and "q=" in response.url):
        modal.get_by_label("Tìm sản phẩm").fill("vải thiều")
    choices = modal.locator("a[data-chooser-modal-choice]")
    choices.filter(has_text=litchi.title).wait_for()
    assert choices.filter(has_text=honey.title).count() == 0
    admin.screenshot(path=str(tmp_path / "chooser.png"), full_page=True)
    choices.filter(has_text=litchi.title).click()
    modal.wait_for(state="hidden")
    assert litchi.title in body.inner_text()
    admin.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    footer_action(admin, "action-submit").click()
    admin.wait_for_url(f"**/cms-admin/pages/{news_index.pk}/")
    admin.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
    article = NewsPage.objects.get(title=TITLE)
    assert not article.live and article.workflow_in_progress

    # --- the office approves it -------------------------------------------------------------
    office = sign_in(desktop(), url, office_user)  # another person, on another computer
    office.goto(f"{url}/cms-admin/pages/{article.pk}/edit/")
    approve = footer_action(office, "approve")
    office.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    approve.click()
    office.wait_for_url(lambda address: f"/pages/{article.pk}/edit/" not in address)
    office.screenshot(path=str(tmp_path / "approved.png"), full_page=True)
    article.refresh_from_db()
    assert article.live

    # --- a shopper on a phone ---------------------------------------------------------------
    violations = csp_violations(page)
    page.goto(url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the home page is {width}px wide on a 412px phone"
    page.screenshot(path=str(tmp_path / "phone-home.png"), full_page=True)
    page.locator(".latest-news").get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/tin-tuc/*/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 412, f"the article is {width}px wide on a 412px phone"
    page.screenshot(path=str(tmp_path / "phone-article.png"), full_page=True)
    card = page.locator(".article-products .product-card__link")
    assert card.count() == 1
    card.filter(has=page.locator(".product-card__title").get_by_text(litchi.title, exact=True)).click()
    page.wait_for_url(url + litchi.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == litchi.title
    assert violations == []
