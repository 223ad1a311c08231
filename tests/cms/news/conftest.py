import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from tests import factories
from tests.marketplace.conftest import two_producers  # noqa: F401  (a fixture)


@pytest.fixture
def news_index(home_page):
    """The news index (/tin-tuc/) under the home page, as the demo creates it."""
    if not Collection.objects.exists():  # Wagtail's root collection, for the photos
        Collection.add_root(name="Root")
    return factories.news_index()


@pytest.fixture
def published_news(news_index):
    """``published_news(title, category=…, tags=…, live=…, products=…, first_published_at=…, **fields)``."""
    return factories.published_news


@pytest.fixture
def photo(news_index):
    """A Wagtail image to use as a lead photo."""
    return get_image_model().objects.create(title="Hội đồng đánh giá", file=get_test_image_file(size=(1600, 1000)))
