"""The admins work under their looser Content-Security-Policy: Wagtail's page editor, Oscar's
dashboard and Django's admin load with no violation reported in the console."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admins_run_under_their_policy(page, shop, featured_home_page):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    user = get_user_model().objects.create_user("bientap", "bientap@ocop.local", "mat-khau-dai-2026")
    user.is_staff = user.is_superuser = True
    user.save()

    page.goto(shop + "/cms-admin/login/")
    page.locator("#id_username").fill("bientap@ocop.local")
    page.locator("#id_password").fill("mat-khau-dai-2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(shop + "/cms-admin/")
    page.goto(shop + f"/cms-admin/pages/{featured_home_page.pk}/edit/")
    page.locator("[data-contentpath='body']").first.wait_for()
    page.goto(shop + "/dashboard/")
    assert page.url == shop + "/dashboard/"  # not sent to log in
    page.goto(shop + "/django-admin/")
    assert page.locator("#site-name").is_visible()

    assert violations == []
