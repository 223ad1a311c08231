"""Oscar's basket and history cookies travel over HTTPS only and are out of reach of scripts;
logging out forgets what was viewed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import ProductFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_basket_and_history_cookies_are_secure_and_httponly(client, home_page):
    product = ProductFactory(price=120000)
    viewed = client.get(product.get_absolute_url())
    added = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    for response, name in ((viewed, "oscar_history"), (added, "oscar_open_basket")):
        cookie = response.cookies[name]
        assert cookie.value
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name


@pytest.mark.django_db
def test_logging_out_forgets_the_recently_viewed_products(client, home_page):
    product = ProductFactory(price=120000)
    client.force_login(get_user_model().objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026"))
    client.get(product.get_absolute_url())
    assert client.cookies["oscar_history"].value
    response = client.post(reverse("customer:logout"))
    assert response.cookies["oscar_history"].value == "" and response.cookies["oscar_history"]["max-age"] == 0


def test_production_settings_make_every_cookie_secure():
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings", SECRET_KEY="k" * 50, ALLOWED_HOSTS="ocop.example.vn"
    )
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "OSCAR_BASKET_COOKIE_SECURE",
        "OSCAR_RECENTLY_VIEWED_COOKIE_SECURE",
    ]
    code = f"from django.conf import settings; print(*(getattr(settings, n) for n in {names!r}))"
    for debug, expected in (("false", "True"), ("true", "False")):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env={**environment, "DEBUG": debug},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.stdout.split() == [expected] * len(names), result.stderr
