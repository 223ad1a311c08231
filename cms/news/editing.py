"""The news index for the demo and the tests: found, or created under the home page (no data
migration: a fresh site gets it from ``load_demo`` or from an editor in /cms-admin/)."""

from cms.models import HomePage

from .models import NewsIndexPage

INDEX_SLUG = "tin-tuc"
INDEX_TITLE = "Tin tức"
INDEX_INTRO = "Tin hoạt động của Chương trình OCOP tỉnh Bắc Giang: chính sách, tập huấn, xúc tiến thương mại."


def news_index(create=True):
    """The news index (the Vietnamese one), created under the home page when ``create`` and there
    is none; ``None`` without a home page."""
    index = NewsIndexPage.objects.filter(locale__language_code="vi").order_by("pk").first()
    if index is None:
        index = NewsIndexPage.objects.order_by("pk").first()
    if index is not None or not create:
        return index
    home = HomePage.objects.order_by("depth", "path").first()
    if home is None:
        return None
    index = home.add_child(instance=NewsIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO))
    index.save_revision().publish()
    return index
