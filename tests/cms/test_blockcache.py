"""Home blocks made of the site's content are rendered once a minute (cms/blockcache.py), and
what a visitor sees is never staler for it: a published article or a new fair shows at once,
an ended fair leaves within the minute it closes, each language keeps its own rendering."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from cms.fairs.blocks import UpcomingFairsBlock
from cms.news.blocks import LatestNewsBlock
from tests.cms.fairs.conftest import fair, fair_index  # noqa: F401  (fixtures)
from tests.cms.news.conftest import news_index, published_news  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_home(home_page, published_news):  # noqa: F811
    home_page.body = [("latest_news", {"title": "Tin tức OCOP", "count": 3, "category": ""})]
    home_page.save_revision().publish()
    return home_page


def test_the_block_is_rendered_once_and_a_published_article_shows_at_once(
    news_home,
    published_news,  # noqa: F811  (the fixture imported above)
    django_assert_max_num_queries,
    one_minute,
):
    published_news("Hội nghị tổng kết OCOP")
    client = Client()
    first = client.get("/").content.decode()
    assert "Hội nghị tổng kết OCOP" in first
    block = LatestNewsBlock()
    value = block.to_python({"title": "Tin tức OCOP", "count": 3, "category": ""})
    with translation.override("vi"), django_assert_max_num_queries(0):
        assert "Hội nghị tổng kết OCOP" in block.render(value, {"request": None})  # from the cache

    published_news("Tuần lễ vải thiều Lục Ngạn")
    again = client.get("/").content.decode()
    assert "Tuần lễ vải thiều Lục Ngạn" in again and "Hội nghị tổng kết OCOP" in again


def test_each_language_has_its_own_rendering(news_home):
    block = LatestNewsBlock()
    value = block.to_python({"title": "Tin tức OCOP", "count": 3, "category": ""})
    with translation.override("vi"):
        vietnamese = block.render(value, {"request": None})
    with translation.override("en"):
        english = block.render(value, {"request": None})
    assert "Tất cả tin tức" in vietnamese and "All news" in english


def test_a_fair_leaves_the_block_when_it_has_ended(fair):  # noqa: F811
    block = UpcomingFairsBlock()
    value = block.to_python({"title": "Hội chợ", "count": 3})
    ended_at = fair(title="Tuần hàng OCOP Lục Nam", starts_in=0, days=2).ends_at
    with time_machine.travel(ended_at - datetime.timedelta(seconds=20), tick=False):
        assert "Tuần hàng OCOP Lục Nam" in block.render(value, {})
        assert "Tuần hàng OCOP Lục Nam" in block.render(value, {})  # the same minute: from the cache
    with time_machine.travel(ended_at + datetime.timedelta(seconds=20), tick=False):
        assert "Tuần hàng OCOP Lục Nam" not in block.render(value, {})
