"""One staff user runs both halves: Oscar's dashboard and Wagtail's admin, at distinct URLs."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("bientap", "bientap@ocop.local", "mat-khau-dai-2026")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_staff_logs_in_once_and_reaches_both_admins(client, staff, home_page):
    response = client.post(
        "/accounts/login/",
        {"login-username": "bientap@ocop.local", "login-password": "mat-khau-dai-2026", "login_submit": "1"},
    )
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/cms-admin/").status_code == 200


def test_wagtail_login_accepts_the_email_too(client, staff, home_page):
    response = client.post("/cms-admin/login/", {"username": "bientap@ocop.local", "password": "mat-khau-dai-2026"})
    assert response.status_code == 302
    assert client.get("/cms-admin/").status_code == 200


def test_editor_can_open_the_home_page_with_its_product_blocks(client, staff, featured_home_page):
    client.force_login(staff)
    response = client.get(f"/cms-admin/pages/{featured_home_page.pk}/edit/")
    assert response.status_code == 200
    assert "featured_products" in response.content.decode()  # the StreamField block is in the editor
    chooser = client.get("/cms-admin/product-chooser/")
    assert chooser.status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, home_page):
    assert client.get("/dashboard/").status_code == 302
    assert client.get("/cms-admin/").status_code == 302
