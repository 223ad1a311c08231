"""Scheduled publishing through the task Celery beat runs every minute: a page approved with a
go-live date appears when the date comes, and goes away at its expiry date."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from wagtail.rich_text import RichText

from cms.models import PolicyPage
from cms.tasks import publish_scheduled_task

pytestmark = pytest.mark.django_db


def test_a_page_goes_live_and_expires_on_time(home_page):
    now = timezone.now()
    page = home_page.add_child(
        instance=PolicyPage(
            title="Chính sách mới",
            slug="chinh-sach-moi",
            live=False,
            body=[("paragraph", RichText("<p>Áp dụng từ tuần sau.</p>"))],
            go_live_at=now + datetime.timedelta(days=7),
            expire_at=now + datetime.timedelta(days=14),
        )
    )
    page.save_revision().publish()  # approved: it waits for its date
    publish_scheduled_task()
    assert Client().get("/chinh-sach-moi/").status_code == 404

    with time_machine.travel(now + datetime.timedelta(days=7, minutes=1)):
        publish_scheduled_task()
        assert "Áp dụng từ tuần sau." in Client().get("/chinh-sach-moi/").content.decode()

    with time_machine.travel(now + datetime.timedelta(days=14, minutes=1)):
        publish_scheduled_task()
        assert Client().get("/chinh-sach-moi/").status_code == 404
        page.refresh_from_db()
        assert page.expired
