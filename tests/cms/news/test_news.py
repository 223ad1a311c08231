"""The province's news as readers meet it: the list at /tin-tuc/ with its filters and pages, the
articles with their products, the feeds, the sitemap and the home page's block — and editors'
scheduling and expiry doing what Wagtail promises."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.rich_text import RichText

from catalog.certification.models import Status
from cms.news.blocks import LatestNewsBlock
from cms.news.models import NewsPage

pytestmark = pytest.mark.django_db
INDEX = "/tin-tuc/"
ATOM = "{http://www.w3.org/2005/Atom}"


def html_of(url, **params):
    response = Client().get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def jsonld_of(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


# --- The list ------------------------------------------------------------------------------------


def test_the_index_lists_live_articles_only_newest_first(published_news):
    published_news("Tin cũ", first_published_at=days_ago(10))
    published_news("Tin mới", first_published_at=days_ago(1))
    published_news("Bản nháp", live=False)
    published_news("Hẹn giờ đăng", go_live_at=timezone.now() + datetime.timedelta(days=2))
    published_news("Đã hết hạn", expire_at=timezone.now() + datetime.timedelta(hours=1))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        html = html_of(INDEX)
    assert html.index("Tin mới") < html.index("Tin cũ")
    for absent in ("Bản nháp", "Hẹn giờ đăng", "Đã hết hạn"):
        assert absent not in html


def test_a_scheduled_article_appears_when_its_time_comes(published_news):
    go_live = timezone.now() + datetime.timedelta(days=1)
    article = published_news("Tuần hàng OCOP khai mạc", go_live_at=go_live)
    article.refresh_from_db()
    assert not article.live and article.get_latest_revision().approved_go_live_at == go_live
    assert "Tuần hàng OCOP khai mạc" not in html_of(INDEX)
    assert Client().get(article.get_url()).status_code == 404

    with time_machine.travel(go_live + datetime.timedelta(minutes=5)):
        call_command("publish_scheduled")  # Wagtail's command (cron or the Celery beat task)
        assert "Tuần hàng OCOP khai mạc" in html_of(INDEX)
        assert "Tuần hàng OCOP khai mạc" in html_of(article.get_url())


def test_an_expired_article_is_gone_before_and_after_publish_scheduled(published_news):
    expire = timezone.now() + datetime.timedelta(days=1)
    article = published_news("Thông báo tuyển chọn sản phẩm", expire_at=expire)
    url = article.get_url()
    assert "Thông báo tuyển chọn sản phẩm" in html_of(INDEX)
    with time_machine.travel(expire + datetime.timedelta(minutes=1)):
        assert "Thông báo tuyển chọn sản phẩm" not in html_of(INDEX)
        assert Client().get(url).status_code == 404
        call_command("publish_scheduled")
        article.refresh_from_db()
        assert not article.live and article.expired
        assert Client().get(url).status_code == 404


def test_category_filter_and_hostile_values(published_news):
    published_news("Hỗ trợ chủ thể OCOP năm 2026", category="policy")
    published_news("Lớp tập huấn bán hàng livestream", category="training")
    html = html_of(INDEX, category="policy")
    assert "Hỗ trợ chủ thể OCOP năm 2026" in html and "Lớp tập huấn bán hàng livestream" not in html
    assert 'aria-current="page">Chính sách<' in html
    for hostile in ("nope", "", "<script>alert(1)</script>", "\x00", "policy\x00", "a" * 10_000):
        html = html_of(INDEX, category=hostile)  # an unknown category is ignored
        assert "Hỗ trợ chủ thể OCOP năm 2026" in html and "Lớp tập huấn bán hàng livestream" in html
        assert "<script>alert(1)" not in html


def test_tag_filter_links_and_hostile_values(published_news):
    article = published_news("Mật ong Lục Nam vào siêu thị", tags=["Mật ong", "Lục Nam"], category="success-stories")
    published_news("Vải thiều xuất khẩu", tags=["Vải thiều"])
    html = html_of(INDEX, tag="mat-ong")
    assert "Mật ong Lục Nam vào siêu thị" in html and "Vải thiều xuất khẩu" not in html
    assert "Bài viết gắn thẻ “Mật ong”" in html
    assert 'href="/tin-tuc/?tag=mat-ong"' in html_of(article.get_url())  # the article's tag links
    both = html_of(INDEX, tag="mat-ong", category="policy")
    assert "Mật ong Lục Nam vào siêu thị" not in both
    for hostile in ("khong-co", "\x00", "mat-ong\n", "a" * 101, "' OR 1=1 --", "%00", "../../"):
        html = html_of(INDEX, tag=hostile)
        assert "Mật ong Lục Nam vào siêu thị" not in html and "Vải thiều xuất khẩu" not in html


def test_pagination_keeps_the_filter_and_survives_bad_pages(published_news):
    for n in range(13):
        published_news(f"Tin chính sách số {n}", category="policy", first_published_at=days_ago(30 - n))
    published_news("Tin tập huấn", category="training")
    first = html_of(INDEX, category="policy")
    assert "Tin chính sách số 12" in first and "Tin chính sách số 0<" not in first and "Trang 1 / 2" in first
    assert 'href="?category=policy&amp;page=2"' in first
    second = html_of(INDEX, category="policy", page=2)
    assert "Tin chính sách số 0<" in second and "Tin chính sách số 12" not in second
    for hostile in ("abc", "0", "-1", "99999999999999999999", "9" * 5000, "\x00"):
        assert Client().get(INDEX, {"page": hostile}).status_code == 200


def test_the_index_answers_in_constant_queries(published_news, django_assert_max_num_queries):
    def article(n):
        image = get_image_model().objects.create(title=f"Ảnh {n}", file=get_test_image_file(size=(800, 600)))
        return published_news(f"Tin số {n}", tags=[f"the-{n}", "OCOP"], lead_image=image)

    article(0)
    client = Client()
    client.get(INDEX)  # makes the card rendition once
    with django_assert_max_num_queries(40) as baseline:
        client.get(INDEX)
    baseline = len(baseline)  # counted now: the next request empties the query log
    for n in range(1, 12):
        article(n)
    client.get(INDEX)
    with django_assert_max_num_queries(baseline):
        html = client.get(INDEX).content.decode()
    assert html.count('class="news-card"') == 12
    assert html.count('loading="lazy"') >= 12 and html.count('width="480"') == html.count('height="320"') == 12


# --- The article ---------------------------------------------------------------------------------


def test_the_article_page_carries_its_seo(published_news, photo):
    article = published_news(
        "Hội đồng OCOP tỉnh Bắc Giang đánh giá, phân hạng 35 sản phẩm năm 2026 " * 3,
        category="programme",
        tags=["Đánh giá", "Phân hạng"],
        lead_image=photo,
        lead_image_caption="Hội đồng chấm điểm sản phẩm",
        lead_image_credit="Văn phòng Điều phối",
        intro="Ba mươi lăm sản phẩm được đánh giá.",
        search_description="Mô tả cho công cụ tìm kiếm.",
    )
    html = html_of(article.get_url())
    assert '<meta name="description" content="Mô tả cho công cụ tìm kiếm.">' in html
    assert f'<link rel="canonical" href="http://testserver{article.get_url()}">' in html or 'rel="canonical"' in html
    assert '<meta property="og:type" content="article">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith("http") and ".fill-1200x630-c100" in og_image
    assert "Hội đồng chấm điểm sản phẩm" in html and "Ảnh: Văn phòng Điều phối" in html
    assert "Văn phòng Điều phối Nông thôn mới tỉnh Bắc Giang" in html  # the author, by default
    assert 'type="application/rss+xml"' in html and 'href="/tin-tuc/rss/"' in html
    assert re.search(r"<time datetime=\"[^\"]+\">\d\d/\d\d/\d{4}</time>", html)

    (data,) = [d for d in jsonld_of(html) if d.get("@type") == "NewsArticle"]
    assert len(data["headline"]) <= 110 and data["headline"].startswith("Hội đồng OCOP")
    assert data["image"] == [og_image]
    assert data["datePublished"].endswith("+07:00") and datetime.datetime.fromisoformat(data["dateModified"])
    assert data["author"] == {"@type": "Organization", "name": "Văn phòng Điều phối Nông thôn mới tỉnh Bắc Giang"}
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["logo"]["url"].startswith("http")
    assert data["mainEntityOfPage"]["@id"].endswith(article.get_url())
    assert data["articleSection"] == "Chương trình OCOP" and data["keywords"] == ["Đánh giá", "Phân hạng"]


def test_no_jsonld_on_a_preview(published_news, two_producers):
    article = published_news("Tin xem trước")
    client = Client()
    client.force_login(two_producers.staff)
    response = client.get(f"/cms-admin/pages/{article.pk}/view_draft/")
    html = response.content.decode()
    assert response.status_code == 200 and "Tin xem trước" in html
    assert "application/ld+json" not in html and 'content="noindex"' in html


def test_products_show_while_listable_and_a_delisted_one_disappears(published_news, two_producers):
    t = two_producers
    article = published_news(
        "Mật ong và chè lên sàn",
        products=[t.product_a, t.product_b],
        body=[("products", {"title": "Sản phẩm nêu trong bài", "products": [t.product_a]})],
    )
    html = html_of(article.get_url())
    assert "250.000" in html and "120.000" in html and "Sản phẩm nêu trong bài" in html
    certificate = t.product_a.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    html = html_of(article.get_url())
    assert "250.000" not in html and t.product_a.title not in html
    assert "120.000" in html and "Sản phẩm nêu trong bài" not in html  # the empty block is not shown


def test_rich_text_is_sanitised_when_shown(published_news):
    hostile = (
        '<p onclick="steal()">Mật <a href="javascript:alert(1)">ong</a><img src=x onerror=alert(1)></p>'
        "<script>alert(2)</script>"
    )
    article = published_news("Tin có mã độc", body=[("paragraph", RichText(hostile))])
    html = html_of(article.get_url())
    assert "Mật" in html
    for bad in ("steal()", "javascript:alert", "onerror", "alert(2)"):
        assert bad not in html


def test_more_in_this_category(published_news):
    article = published_news("Tập huấn thương mại điện tử", category="training")
    for n in range(4):
        published_news(f"Tập huấn số {n}", category="training", first_published_at=days_ago(n + 1))
    published_news("Tin chính sách khác", category="policy")
    html = html_of(article.get_url())
    more = html[html.index("Thêm tin “Tập huấn”") :]
    assert more.count('class="news-card"') == 3 and "Tập huấn số 0" in more and "Tập huấn số 3" not in more
    assert "Tin chính sách khác" not in more and "Tập huấn thương mại điện tử</h3>" not in more


def test_the_article_answers_in_constant_queries(published_news, two_producers, photo, django_assert_max_num_queries):
    t = two_producers
    article = published_news("Tin một sản phẩm", lead_image=photo, products=[t.product_a], tags=["a"])
    published_news("Tin cùng mục", lead_image=photo)
    client = Client()
    client.get(article.get_url())
    with django_assert_max_num_queries(60) as baseline:
        client.get(article.get_url())
    baseline = len(baseline)  # counted now: the next request empties the query log
    more = published_news("Tin nhiều sản phẩm", lead_image=photo, products=[t.product_a, t.product_b, t.bare_a])
    more.tags.add("b", "c", "d")
    more.save_revision().publish()
    for n in range(2):
        published_news(f"Tin cùng mục {n}", lead_image=photo)
    client.get(more.get_url())
    with django_assert_max_num_queries(baseline):
        html = client.get(more.get_url()).content.decode()
    assert html.count('class="product-card"') == 3 and html.count('class="news-card"') == 3


def test_wagtail_search_finds_articles_by_intro_body_and_category(published_news):
    published_news(
        "Hội chợ xúc tiến",
        category="trade-promotion",
        intro="Gian hàng vải thiều Lục Ngạn",
        body=[("paragraph", RichText("<p>Gian hàng trưng bày mật ong bạc hà.</p>"))],
    )
    published_news("Tin khác", category="policy")
    found = lambda words: [p.title for p in NewsPage.objects.live().search(words)]  # noqa: E731
    assert found("Lục Ngạn") == ["Hội chợ xúc tiến"]
    assert found("bạc hà") == ["Hội chợ xúc tiến"]
    assert found("Xúc tiến thương mại") == ["Hội chợ xúc tiến"]


# --- Feeds, sitemap, home page --------------------------------------------------------------------


def test_rss_and_atom_feeds_list_the_newest_live_articles(published_news, django_assert_max_num_queries):
    published_news("Tin số 0", tags=["OCOP"], first_published_at=days_ago(30), category="policy")
    Client().get("/tin-tuc/rss/")
    with django_assert_max_num_queries(20) as baseline:
        Client().get("/tin-tuc/rss/")
    baseline = len(baseline)  # counted now: the next request empties the query log
    for n in range(1, 22):
        published_news(f"Tin số {n}", tags=["OCOP"], first_published_at=days_ago(30 - n), category="policy")
    published_news("Bản nháp", live=False)
    Client().get("/tin-tuc/rss/")  # the pages changed: routed anew once (cms/routing.py), as the baseline was

    with django_assert_max_num_queries(baseline):
        response = Client().get("/tin-tuc/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert len(items) == 20 and items[0].findtext("title") == "Tin số 21"
    assert all(item.findtext("link").startswith("http") for item in items)
    assert items[0].findtext("link").endswith("/tin-tuc/tin-so-21/")
    assert [c.text for c in items[0].findall("category")] == ["Chính sách", "OCOP"]
    assert items[0].findtext("pubDate") and channel.findtext("link").endswith("/tin-tuc/")
    assert "Bản nháp" not in response.content.decode()

    response = Client().get("/tin-tuc/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20 and entries[0].findtext(f"{ATOM}title") == "Tin số 21"
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http")
    assert entries[0].findtext(f"{ATOM}published") and entries[0].findtext(f"{ATOM}updated")

    index_html = html_of(INDEX)
    assert '<link rel="alternate" type="application/rss+xml" title="Tin tức (RSS)" href="/tin-tuc/rss/">' in index_html
    assert 'type="application/atom+xml"' in index_html


def test_the_sitemap_lists_the_index_and_live_articles(published_news):
    live = published_news("Tin đã đăng")
    draft = published_news("Tin nháp", live=False)
    xml = Client().get("/sitemap.xml").content.decode()
    assert "/tin-tuc/</loc>" in xml and f"{live.get_url()}</loc>" in xml and draft.get_url() not in xml


def test_the_latest_news_block(published_news, home_page, django_assert_max_num_queries):
    for n in range(5):
        image = get_image_model().objects.create(title=f"Ảnh {n}", file=get_test_image_file())
        published_news(f"Tin mới số {n}", lead_image=image, first_published_at=days_ago(10 - n))
    published_news("Tin chính sách", category="policy", first_published_at=days_ago(20))
    published_news("Tin nháp", live=False)
    home_page.body = [("text", RichText("<p>Chào mừng</p>"))]
    home_page.save()
    block = LatestNewsBlock()
    value = block.to_python({"title": "Tin tức OCOP", "count": 4, "category": ""})
    block.render(value, {"request": None})  # makes the renditions once
    with django_assert_max_num_queries(8):  # locales (2 × 2), the index, articles, photos, renditions
        html = block.render(value, {"request": None})
    assert html.count('class="news-card"') == 4 and "Tin mới số 4" in html and "Tin mới số 0" not in html
    assert "Tin nháp" not in html and 'href="/tin-tuc/">Tất cả tin tức' in html
    only = block.render(block.to_python({"title": "Chính sách", "count": 4, "category": "policy"}), {})
    assert only.count('class="news-card"') == 1 and 'href="/tin-tuc/?category=policy"' in only


def test_the_index_is_made_once_by_the_demo_helper(news_index):
    from cms.news.editing import news_index as find_or_create

    assert find_or_create() == news_index and news_index.url_path.endswith("/tin-tuc/")
    assert Page.objects.type(type(news_index)).count() == 1


def test_the_beat_task_publishes_what_is_due(published_news):
    from cms.tasks import publish_scheduled_task

    go_live = timezone.now() + datetime.timedelta(hours=1)
    article = published_news("Khai giảng lớp tập huấn", go_live_at=go_live)
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        publish_scheduled_task.delay().get()
    article.refresh_from_db()
    assert article.live


def test_editors_write_articles_in_the_cms_admin(published_news, news_index, two_producers):
    client = Client()
    client.force_login(two_producers.staff)
    add = client.get(f"/cms-admin/pages/add/news/newspage/{news_index.pk}/")
    assert add.status_code == 200 and "related_products-TOTAL_FORMS" in add.content.decode()
    article = published_news("Tin sửa trong trang quản trị", products=[two_producers.product_a])
    edit = client.get(f"/cms-admin/pages/{article.pk}/edit/")
    html = edit.content.decode()
    assert edit.status_code == 200 and "go_live_at" in html and "expire_at" in html
    assert client.get(f"/cms-admin/pages/{news_index.pk}/edit/").status_code == 200


def test_a_draft_shows_in_its_preview_at_once_and_readers_keep_the_published_article(published_news, two_producers):
    article = published_news("Tin xem trước")
    published_intro = article.intro
    reader, editor = Client(), Client()
    editor.force_login(two_producers.staff)
    assert published_intro in reader.get(article.url).content.decode()  # the article's body, kept a minute
    for intro in ("Bản nháp thứ nhất.", "Bản nháp thứ hai."):
        article.intro = intro
        article.save_revision()
        assert intro in editor.get(f"/cms-admin/pages/{article.pk}/view_draft/").content.decode()
    html = reader.get(article.url).content.decode()
    assert "Bản nháp" not in html and published_intro in html
