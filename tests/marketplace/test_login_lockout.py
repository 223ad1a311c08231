"""Guessing passwords is stopped on every login form: after a few failures the account is
locked out from that address for a while, even with the right password; a success resets
the count; someone guessing from elsewhere does not lock the owner out."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

EMAIL, PASSWORD = "bientap@ocop.local", "mat-khau-dai-2026"

# Each login form: its URL, and the POST it takes for a username and a password.
FORMS = {
    "shop": ("/accounts/login/", lambda u, p: {"login-username": u, "login-password": p, "login_submit": "1"}),
    "dashboard": ("/dashboard/login/", lambda u, p: {"username": u, "password": p}),
    "cms-admin": ("/cms-admin/login/", lambda u, p: {"username": u, "password": p}),
    "django-admin": ("/django-admin/login/", lambda u, p: {"username": u, "password": p, "next": "/django-admin/"}),
}


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user("bientap", EMAIL, PASSWORD)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def log_in(client, form, password, username=EMAIL, **extra):
    url, data = FORMS[form]
    return client.post(url, data(username, password), **extra)


def logged_in(client):
    return client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("form", FORMS)
def test_too_many_failures_lock_the_account_out_even_with_the_right_password(client, staff, home_page, form):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, form, "doan-sai").status_code == 200  # the form again, with its error
    assert log_in(client, form, "doan-sai").status_code == 429  # the last failure allowed locks
    response = log_in(client, form, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert f"{settings.AXES_COOLOFF_TIME.total_seconds() / 60:.0f} phút" in html
    assert not logged_in(client)


@pytest.mark.parametrize("form", FORMS)
def test_a_successful_login_resets_the_count(client, staff, home_page, form):
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert log_in(client, form, "doan-sai").status_code == 200
        assert log_in(client, form, PASSWORD).status_code == 302
        assert logged_in(client)
        client.logout()


def test_the_count_is_per_account_whatever_the_case_of_the_address(client, staff, home_page):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "shop", "doan-sai", username=EMAIL.upper())
    assert log_in(client, "shop", PASSWORD).status_code == 429


def test_a_lockout_from_one_address_does_not_lock_the_owner_out_elsewhere(client, staff, home_page):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        log_in(client, "shop", "doan-sai", REMOTE_ADDR="203.0.113.9")
    assert log_in(client, "shop", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert log_in(client, "shop", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302
    assert logged_in(client)
