"""Wagtail's routing kept in the cache (cms/routing.py): a page served again asks the database
nothing for its site, its path or its view restrictions, and every change to pages shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import published_news

pytestmark = pytest.mark.django_db

ROUTING_TABLES = ("wagtailcore_site", "wagtailcore_locale", "wagtailcore_pageviewrestriction")


def routing_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if any(f'FROM "{t}"' in q["sql"] for t in ROUTING_TABLES)]


def test_a_page_served_again_is_routed_without_a_query(client, home_page):
    article = published_news(title="Tuần lễ vải thiều Lục Ngạn")
    first, asked = routing_queries(client, article.url)
    assert first.status_code == 200 and asked  # the site, the locale, the restrictions
    again, asked = routing_queries(client, article.url)
    assert again.status_code == 200 and "Tuần lễ vải thiều Lục Ngạn" in again.content.decode()
    assert asked == []


def test_an_unpublished_page_is_gone_at_once_and_back_when_published(client, home_page):
    article = published_news(title="Tuần lễ vải thiều Lục Ngạn")
    assert client.get(article.url).status_code == 200
    article.refresh_from_db()
    article.unpublish()
    assert client.get(article.url).status_code == 404
    article.save_revision().publish()
    assert client.get(article.url).status_code == 200


def test_a_new_page_and_a_moved_slug_route_at_once(client, home_page):
    article = published_news(title="Tuần lễ vải thiều Lục Ngạn")
    old_url = article.url
    assert client.get(old_url).status_code == 200
    assert client.get("/tin-tuc/hoi-cho-mua-xuan/").status_code == 404
    published_news(title="Hội chợ mùa xuân")
    assert client.get("/tin-tuc/hoi-cho-mua-xuan/").status_code == 200
    article.refresh_from_db()
    article.slug = "vai-thieu-luc-ngan-2027"
    article.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert client.get("/tin-tuc/vai-thieu-luc-ngan-2027/").status_code == 200


def test_a_password_set_on_a_page_applies_at_once(client, home_page):
    article = published_news(title="Tuần lễ vải thiều Lục Ngạn")
    assert "Tuần lễ vải thiều Lục Ngạn" in client.get(article.url).content.decode()
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="password", password="bi-mat-2026")
    locked = client.get(article.url)
    assert "Nội dung bài viết" not in locked.content.decode() and 'name="password"' in locked.content.decode()
    restriction.delete()
    assert "Nội dung bài viết" in client.get(article.url).content.decode()


def test_routable_pages_route_the_rest_of_their_path(client, home_page):
    published_news(title="Tuần lễ vải thiều Lục Ngạn")
    for _ in range(2):  # routed, then from the cache
        feed = client.get("/tin-tuc/rss/")
        assert feed.status_code == 200 and "Tuần lễ vải thiều Lục Ngạn" in feed.content.decode()
        assert client.get("/tin-tuc/khong-co-muc-nay/").status_code == 404
        assert client.get("/khong-co/trang-nay/").status_code == 404


def test_pages_are_routed_in_the_visitors_language(client, home_page):
    article = published_news(title="Tuần lễ vải thiều Lục Ngạn")
    assert client.get(article.url).status_code == 200
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(article.url)  # no English tree: Wagtail falls back to the default locale
    assert english.status_code == 200 and english["Content-Language"] == "en"
