"""One setting, SITE_URL, decides the site's public address everywhere a full address is written."""

import io
import re

import pytest
import segno
from django.contrib.sites.models import Site as DjangoSite
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site as WagtailSite

from marketplace.site import apply_site_url
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
PUBLIC = "https://cho.ocop.example"


@pytest.fixture
def public_site(settings, home_page):
    settings.SITE_URL = PUBLIC
    apply_site_url()
    return ProductFactory(title="Mật ong hoa vải", certificate__code="OCOP-24-2024-0001")


def test_the_sitemap_lists_only_public_addresses(client, public_site):
    locations = re.findall(r"<loc>(.*?)</loc>", client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").content.decode())
    assert f"{PUBLIC}/" in locations and f"{PUBLIC}{public_site.get_absolute_url()}" in locations
    assert all(location.startswith(PUBLIC + "/") for location in locations), locations


def test_pages_robots_and_qr_codes_use_the_public_address(client, public_site):
    html = client.get(public_site.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}{public_site.get_absolute_url()}">' in html
    assert f'<meta property="og:image" content="{PUBLIC}/' in html
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in client.get("/robots.txt").content.decode()
    code = public_site.certificate.code
    svg = client.get(reverse("certification:qr-svg", kwargs={"code": code})).content
    expected = io.BytesIO()
    segno.make(f"{PUBLIC}/verify/{code}/", error="m").save(
        expected, kind="svg", scale=10, border=4, title=f"OCOP {code}"
    )
    assert svg == expected.getvalue()


def test_migrate_points_both_site_records_at_site_url(settings, home_page):
    settings.SITE_URL = PUBLIC
    call_command("migrate", "cms", verbosity=0)  # post_migrate runs even with nothing to apply
    assert DjangoSite.objects.get(pk=settings.SITE_ID).domain == "cho.ocop.example"
    site = WagtailSite.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("cho.ocop.example", 443, PUBLIC)
