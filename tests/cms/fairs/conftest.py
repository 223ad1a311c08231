import datetime

import pytest
from wagtail.models import Collection

from cms.fairs.models import FairExhibitor, FairIndexPage, FairPage, local_now
from marketplace.text import vn_slugify
from tests.marketplace.conftest import two_producers  # noqa: F401  (a fixture)


def make_index(home_page):
    if not Collection.objects.exists():  # Wagtail's root collection, for the photos
        Collection.add_root(name="Root")
    index = FairIndexPage.objects.first()
    if index is None:
        index = home_page.add_child(instance=FairIndexPage(title="Hội chợ", slug="hoi-cho", intro="Hội chợ OCOP."))
    return index


@pytest.fixture
def fair_index(home_page, admin_units):
    """The fairs' index at /hoi-cho/."""
    return make_index(home_page)


def add_fair(index, title="Tuần hàng OCOP Lục Nam", starts_in=0, days=5, exhibitors=(), live=True, **fields):
    """A published fair under ``index`` starting ``starts_in`` days from today (negative: ago), in
    Lục Nam's Đồi Ngô unless told otherwise; ``exhibitors`` = [(producer, booth, [products])]."""
    today = local_now().date()
    fields.setdefault("starts_on", today + datetime.timedelta(days=starts_in))
    fields.setdefault("ends_on", fields["starts_on"] + datetime.timedelta(days=days - 1))
    fields.setdefault("venue_name", "Nhà văn hoá huyện Lục Nam")
    fields.setdefault("address", "Thị trấn Đồi Ngô")
    fields.setdefault("legacy_province_id", "24")
    fields.setdefault("legacy_district_id", "218")
    fields.setdefault("legacy_ward_id", "07444")  # Thị trấn Đồi Ngô
    fields.setdefault("organiser", "Sở Công Thương tỉnh Bắc Giang")
    fields.setdefault("intro", "Hội chợ giới thiệu sản phẩm OCOP của huyện.")
    page = FairPage(title=title, slug=fields.pop("slug", vn_slugify(title)), live=live, **fields)
    for n, (producer, booth, products) in enumerate(exhibitors):
        page.exhibitors.add(FairExhibitor(producer=producer, booth=booth, products=list(products), sort_order=n))
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def fair(fair_index):
    """``fair(title=…, starts_in=…, days=…, exhibitors=[(producer, booth, products)], **fields)``."""

    def make(**kwargs):
        return add_fair(fair_index, **kwargs)

    return make
