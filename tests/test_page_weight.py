"""Page weight: the first load of every public page — its HTML, stylesheets, scripts and the
pictures it loads at once (not lazily) — is at most 150 KiB transferred (gzip-compressed), and
no storefront page loads Oscar's stylesheet, Bootstrap's script bundle or jQuery (the dashboard
keeps them).

On the demo data (tests/test_site_crawl.py's pages), as an anonymous visitor.
"""

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from oscar.core.loading import get_model

from tests.test_site_crawl import main_pages, published_pages

pytestmark = pytest.mark.django_db
BUDGET = 150 * 1024
OSCARS = ("oscar/css/styles.css", "bootstrap.bundle", "jquery")


class Assets(HTMLParser):
    """The stylesheets, scripts and eagerly loaded pictures of a page, in order."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif attrs.get("src") and (tag == "script" or (tag == "img" and attrs.get("loading") != "lazy")):
            self.urls.append(attrs["src"])


def assets(page_html):
    parser = Assets()
    parser.feed(page_html)
    return parser.urls


def body(client, url):
    """The bytes of an asset: static files from the finders, media from the storage, the rest
    from the site."""
    if url.startswith(settings.MEDIA_URL):
        with default_storage.open(url[len(settings.MEDIA_URL) :]) as f:
            return f.read()
    if url.startswith(settings.STATIC_URL):
        found = finders.find(url[len(settings.STATIC_URL) :].split("?")[0])
        assert found, url
        with open(found, "rb") as f:
            return f.read()
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def gzipped(data):
    return len(gzip.compress(data, compresslevel=9))


def public_pages(demo_sentinels):
    """The crawl's main pages that are whole HTML pages a person opens (not the GeoJSON, the
    delisted product's 410, the certificate lookups that redirect or answer 404), and the
    province's published pages without their feeds and calendars."""
    delisted = get_model("certification", "Certificate").objects.get(code=demo_sentinels["revoked"]).product
    pages = [
        path
        for path in main_pages(demo_sentinels)
        if not path.startswith("/verify/?") and not path.endswith(".geojson") and path != delisted.get_absolute_url()
    ]
    published = [path for path in published_pages() if not path.endswith((".ics", "/rss/", "/atom/"))]
    return [*pages, *published, "/accounts/login/"]


def first_load(client, path):
    """{url: gzipped bytes} of the page and everything it loads at once."""
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    weights = {path: gzipped(response.content)}
    for url in assets(page):
        weights.setdefault(url, gzipped(body(client, url)))
    return weights


def test_every_public_page_loads_at_most_150_kib(client, demo_publishing, demo_points, demo_sentinels):
    pages = public_pages(demo_sentinels)
    assert len(pages) >= 18
    report, heavy = [], {}
    for path in pages:
        weights = first_load(client, path)
        total = sum(weights.values())
        report.append(f"{total / 1024:6.1f} KiB  {path}")
        if total > BUDGET:
            heavy[path] = sorted(weights.items(), key=lambda item: -item[1])
    print("\n".join(["", "First load (gzip):", *report]))
    assert heavy == {}


def test_no_storefront_page_loads_oscars_css_bootstrap_or_jquery(client, demo_publishing, demo_points, demo_sentinels):
    for path in public_pages(demo_sentinels):
        page = client.get(path).content.decode()
        loaded = assets(page)
        assert loaded, path  # the theme's stylesheet at least
        assert not [url for url in loaded if any(name in url for name in OSCARS)], path


def test_the_dashboard_keeps_oscars_scripts(admin_client, client, demo_shop):
    def scripts(visitor, path):
        response = visitor.get(path)
        assert response.status_code == 200, path
        return [url for url in assets(response.content.decode()) if url.endswith(".js")]

    login = scripts(client, "/dashboard/login/")
    assert "jquery.min.js" in login[0]  # Oscar's log-in page: jQuery, as in Oscar
    for path in ("/dashboard/", "/dashboard/catalogue/", "/dashboard/orders/"):
        loaded = scripts(admin_client, path)
        assert "jquery.min.js" in loaded[0], path  # before the scripts that need it
        assert any("bootstrap.bundle" in url for url in loaded), path
        assert any("oscar/js/oscar/dashboard.js" in url for url in loaded), path
