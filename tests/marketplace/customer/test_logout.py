"""Logging out takes a deliberate POST: a link, an image or a prefetch cannot log anyone out."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(client):
    user = get_user_model().objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026")
    client.force_login(user)
    return user


def logged_in(client):
    return "_auth_user_id" in client.session


def test_a_get_does_not_log_out_but_offers_the_button(client, customer, home_page):
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert logged_in(client)
    html = response.content.decode()
    assert re.search(
        r'<form method="post" action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"', html
    )


def test_a_post_logs_out(client, customer, home_page):
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert not logged_in(client)


def test_the_site_header_logs_out_with_a_post_form(client, customer, home_page):
    html = client.get("/").content.decode()
    assert 'href="/accounts/logout/"' not in html
    form = re.search(r'<form class="logout-form" action="/accounts/logout/" method="post">(.*?)</form>', html, re.S)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1)
    assert "Đăng xuất" in form.group(1)


def test_anonymous_visitors_are_sent_home(client, home_page):
    assert client.get("/accounts/logout/")["Location"] == "/"
