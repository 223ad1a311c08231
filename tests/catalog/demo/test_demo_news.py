"""The demo's news: the index at /tin-tuc/ with articles of every category, photos, tags and
products of the demo's listable products, one article scheduled ahead; loading again adds nothing."""

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Collection

from catalog.demo.news import ARTICLES, add_news
from cms.news.models import Category, NewsPage

pytestmark = pytest.mark.django_db


def test_the_demo_news(demo_shop):
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    added = add_news()
    assert len(added) == len(ARTICLES) >= 9
    live = NewsPage.objects.live()
    assert {page.category for page in live} == set(Category.values) and live.count() == len(ARTICLES) - 1
    scheduled = NewsPage.objects.get(live=False)
    assert scheduled.go_live_at > timezone.now() and scheduled.get_latest_revision().approved_go_live_at
    dates = [page.first_published_at for page in live]
    assert len(set(dates)) == len(dates) and max(dates) < timezone.now()
    for page in live:
        assert page.lead_image and page.tags.exists() and page.related_products.exists()
        assert all(link.product.is_listable() for link in page.related_products.all())
    assert add_news() == [] and NewsPage.objects.count() == len(ARTICLES)

    html = Client().get("/tin-tuc/").content.decode()
    assert html.count('class="news-card"') == len(ARTICLES) - 1 and scheduled.title not in html
    article = Client().get(live.get(category="success-stories").url).content.decode()
    assert 'class="product-card"' in article and "Giữ chữ tín" in article
