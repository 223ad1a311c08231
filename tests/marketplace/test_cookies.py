"""Oscar's basket cookie travels over HTTPS only and is out of reach of scripts; viewing a
product leaves no cookie (Oscar's "recently viewed" one is not kept: the theme shows no such
block, and it would make every product page personal)."""

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
def test_basket_cookie_is_secure_and_httponly(client, home_page):
    product = ProductFactory(price=120000)
    added = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    cookie = added.cookies["oscar_open_basket"]
    assert cookie.value
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


@pytest.mark.django_db
def test_viewing_a_product_leaves_no_cookie(client, home_page):
    product = ProductFactory(price=120000)
    client.force_login(get_user_model().objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026"))
    viewed = client.get(product.get_absolute_url())
    assert viewed.status_code == 200
    assert "oscar_history" not in viewed.cookies and "oscar_history" not in client.cookies


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
