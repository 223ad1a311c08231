"""The demo's livestream sales: /livestream/ lists a session coming up (announced on its products'
pages) and one that ended with its recording; loading again adds nothing and keeps one coming up."""

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from catalog.demo.live import add_live_sessions
from catalog.demo.producers import ensure_producer_logins
from catalog.demo.stories import ensure_editor_login
from cms.live.models import LiveIndexPage, LiveSessionPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_coming_up_and_an_ended_session(demo_shop):
    ensure_producer_logins()
    upcoming, ended = add_live_sessions()
    assert upcoming.status == "upcoming" and ended.status == "ended" and ended.replay_url
    index = Client().get("/livestream/").content.decode()
    assert "Livestream bán hàng" in index and upcoming.title in index and ended.title in index
    for session in (upcoming, ended):
        products = [row.product for row in session.featured_products.all()]
        assert products and all(product.is_listable() for product in products)
        assert session.cover_image is not None
    product_page = Client().get(upcoming.featured_products.first().product.get_absolute_url()).content.decode()
    assert upcoming.url in product_page and "Sắp diễn ra" in product_page
    assert "hãy xem lại bản ghi" in Client().get(ended.url).content.decode()

    editor = ensure_editor_login()
    assert editor.has_perm("wagtailadmin.access_admin")
    client = Client()
    client.force_login(editor)
    assert client.get(f"/cms-admin/pages/{upcoming.pk}/edit/").status_code == 200

    with time_machine.travel(timezone.now() + timezone.timedelta(days=10)):
        again = add_live_sessions()
        assert again[0].status == "upcoming"  # re-timed from the day it is loaded
    assert LiveIndexPage.objects.count() == 1 and LiveSessionPage.objects.count() == 2
