"""Storefront pages carry a strict Content-Security-Policy (no inline script but the one with
the request's nonce); the admins, built with inline scripts, a looser one."""

import pytest
from django.urls import reverse

from tests.factories import ProductFactory


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
def test_storefront_pages_carry_a_strict_policy_and_no_inline_script(client, home_page):
    product = ProductFactory(price=120000)
    for url in (
        "/",
        product.get_absolute_url(),
        reverse("basket:summary"),
        reverse("customer:login"),
        "/sales-points/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = policy(response)
        assert csp["script-src"] == ["'self'"], url  # no nonce: no inline script to allow
        assert csp["default-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]  # the sales-point map
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        html = response.content.decode()
        assert html.count("<script>") + html.count("<script nonce=") == 0, url


@pytest.mark.django_db
def test_the_admins_get_their_own_looser_policy(admin_client, home_page):
    for url in ("/cms-admin/", "/dashboard/", "/django-admin/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        csp = policy(response)
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert csp["object-src"] == ["'none'"] and csp["default-src"] == ["'self'"]


def test_a_response_that_uses_a_nonce_gets_its_own_in_the_policy(rf):
    """The usual policies are built once per process: each response's own nonce is put in."""
    import re

    from django.http import HttpResponse

    from marketplace.middleware import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    middleware = ContentSecurityPolicyMiddleware(view)
    nonces = []
    for _ in range(3):
        response = middleware(rf.get("/"))
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
        assert ContentSecurityPolicyMiddleware.NONCE_MARK not in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3
    assert "nonce" not in middleware(rf.get("/cms-admin/"))["Content-Security-Policy"]  # the admins allow inline
