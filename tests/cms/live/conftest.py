"""Live-selling sessions for tests: the index under the home page and published sessions, made
the way an editor makes them in the CMS admin (a revision, published)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Collection

from cms.live.models import VIETNAM, LiveIndexPage, LiveSessionPage, LiveSessionProduct
from cms.models import HomePage
from marketplace.text import vn_slugify
from tests.marketplace.conftest import two_producers  # noqa: F401  (a fixture)


def live_index():
    """/livestream/ under the home page (the demo and editors create it; no migration does)."""
    if not Collection.objects.exists():  # Wagtail's root collection, for the covers
        Collection.add_root(name="Root")
    return LiveIndexPage.objects.first() or HomePage.objects.first().add_child(
        instance=LiveIndexPage(title="Livestream bán hàng", slug="livestream", intro="Xem và mua hàng OCOP.")
    )


def live_session(
    title="Livestream: Mật ong Lục Nam",
    starts_at=None,
    hours=2,
    products=(),
    live=True,
    platform_url="https://www.facebook.com/ocopbacgiang/live",
    host_name="Văn phòng Điều phối NTM tỉnh Bắc Giang",
    **fields,
):
    """A published session (``live=False``: a draft) presenting ``products``; by default it
    starts tomorrow at 20:00 in Vietnam and lasts ``hours``."""
    if starts_at is None:
        tomorrow = timezone.localdate(timezone.now(), VIETNAM) + datetime.timedelta(days=1)
        starts_at = datetime.datetime.combine(tomorrow, datetime.time(20, 0), VIETNAM)
    fields.setdefault("intro", "Giới thiệu sản phẩm OCOP, giá ưu đãi trong buổi phát trực tiếp.")
    page = LiveSessionPage(
        title=title,
        slug=vn_slugify(title)[:80],
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + datetime.timedelta(hours=hours)),
        platform_url=platform_url,
        host_name=host_name,
        live=live,
        **fields,
    )
    page.featured_products = [LiveSessionProduct(product=product) for product in products]
    live_index().add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def vn(*args):
    """An aware datetime in Vietnam's time: ``vn(2026, 12, 3, 20, 0)``."""
    return datetime.datetime(*args, tzinfo=VIETNAM)


@pytest.fixture
def index(home_page):
    return live_index()
