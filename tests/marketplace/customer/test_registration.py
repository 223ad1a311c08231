"""Registering does not tell whether an e-mail address already has an account here: a known
address gets the same answer as a new one, and its owner gets an e-mail about it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "mat-khau-dai-2026"

# The two registration forms: the login-or-register page and the registration page.
FORMS = {
    "login page": (
        "/accounts/login/",
        lambda email: {
            "registration-email": email,
            "registration-password1": "Chon-mat-khau-moi-9",
            "registration-password2": "Chon-mat-khau-moi-9",
            "registration_submit": "1",
        },
    ),
    "registration page": (
        "/accounts/register/",
        lambda email: {"email": email, "password1": "Chon-mat-khau-moi-9", "password2": "Chon-mat-khau-moi-9"},
    ),
}


@pytest.fixture
def existing(db):
    return User.objects.create_user("khachcu", "khach.cu@ocop.local", PASSWORD)


def register(form, email):
    client = Client()
    url, data = FORMS[form]
    response = client.post(url, data(email))
    return client, response


def visible(client, response):
    """What the visitor sees: where they are sent, what the next page says, whether logged in."""
    page = client.get(response["Location"]).content.decode()
    alerts = re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S)
    return (
        response.status_code,
        response["Location"],
        [" ".join(a.split()) for a in alerts],
        client.session.get("_auth_user_id"),
    )


@pytest.mark.parametrize("form", FORMS)
def test_a_known_address_gets_the_same_answer_as_a_new_one(existing, home_page, form):
    new_client, new_response = register(form, "khach.moi@ocop.local")
    known_client, known_response = register(form, "Khach.Cu@ocop.local")
    assert new_response.status_code == 302
    assert visible(known_client, known_response) == visible(new_client, new_response)
    assert (
        "A user with that email address already exists"
        not in known_client.get(known_response["Location"]).content.decode()
    )

    assert User.objects.filter(email__iexact="khach.cu@ocop.local").count() == 1
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)  # the account is untouched
    assert User.objects.get(email="khach.moi@ocop.local").check_password("Chon-mat-khau-moi-9")
    assert sorted(m.to[0] for m in mail.outbox) == ["khach.cu@ocop.local", "khach.moi@ocop.local"]


def test_the_owner_is_told_and_can_reset_the_password(existing, home_page):
    register("login page", "khach.cu@ocop.local")
    (message,) = mail.outbox
    assert message.to == ["khach.cu@ocop.local"]
    assert "đăng ký" in message.subject
    link = re.search(r"http://testserver(/password-reset/confirm/\S+/)", message.body).group(1)
    client = Client()
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/set-password/")
    assert 'name="new_password1"' in response.content.decode()


def test_a_new_customer_logs_in_with_the_chosen_password(home_page):
    client, response = register("login page", "khach.moi@ocop.local")
    assert response["Location"] == "/accounts/login/"
    response = client.post(
        "/accounts/login/",
        {"login-username": "khach.moi@ocop.local", "login-password": "Chon-mat-khau-moi-9", "login_submit": "1"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
