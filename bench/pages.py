"""The pages bench/run.sh measures, and what it measures of each in this process.

    manage.py shell -c "from bench.pages import prepare; prepare()"   # news and fairs to measure
    manage.py shell -c "from bench.pages import paths; paths()"       # label<TAB>path, one a line
    manage.py shell -c "from bench.pages import weigh; weigh()"       # queries and size of each

The goals are the performance issue's (req/s at 20,000 products on this 2-core machine, and the
same as a share of the template-plus-query floor served in the same run).
"""

import gzip
from statistics import median

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model
from wagtail.models import Page

from bench import salespoints, shop

Product = get_model("catalogue", "Product")
#: req/s goals by kind of page (the shares of the template floor in the issue: 0.11, 0.22, 0.074).
#: A download of every listed product has no goal of its own (shown as 0): it is measured to be seen.
GOALS = {"page": 150, "product": 300, "search": 100, "suggest": 500, "verify": 1000, "download": 0}


def prepare():
    """The province's publishing, as the demo has it: policies, news and trade fairs."""
    from catalog.demo import fairs, news, site_pages

    site_pages.add_site_pages()
    news.add_news()
    fairs.add_fairs()


def _pages():
    """(label, path, goal kind)."""
    from cms.fairs.models import FairPage
    from cms.news.models import NewsPage

    measured = dict(salespoints._measured())
    article = NewsPage.objects.live().order_by("-first_published_at").first()
    fair = FairPage.objects.live().order_by("starts_on").first()
    news_index = Page.objects.live().filter(slug="tin-tuc").first()
    fair_index = Page.objects.live().filter(slug="hoi-cho").first()
    pages = [
        ("home", "/", "page"),
        ("catalogue", "/catalogue/", "page"),
        ("catalogue, page 50", "/catalogue/?page=50", "page"),
        ("catalogue, two facets", "/catalogue/?province=24&stars=4", "page"),
        ("product page", shop.product_path(), "product"),
        ("product page (at most points)", measured["product page (stocked at points)"], "product"),
        ("search", "/search/?q=mat+ong", "search"),
        ("search, sorted", "/search/?q=gom&sort=price_asc", "search"),
        ("autocomplete", "/search/suggest/?q=mat+o", "suggest"),
        ("certificate check", "/verify/OCOP-B-000100/", "verify"),
        ("locator", "/sales-points/", "page"),
        ("locator, district", "/sales-points/?district=218", "page"),
        ("locator, nearest first", "/sales-points/?lat=21.27&lng=106.2", "page"),
        ("sales point page", measured["sales point page"], "page"),
        ("locator, open now", "/sales-points/?open=now", "page"),
        ("map GeoJSON, 2,000 points", "/sales-points/map.geojson", "page"),
        ("map GeoJSON, province", "/sales-points/map.geojson?province=24", "page"),
        ("OCOP in numbers", "/open-data/", "page"),
        ("open data CSV, 20,000 rows", "/open-data/ocop-products.csv", "download"),
    ]
    for label, page in (("news", news_index), ("news article", article), ("fairs", fair_index), ("fair", fair)):
        if page is not None:
            pages.append((label, page.url, "page"))
    return pages


def paths():
    for label, path, kind in _pages():
        print(f"{label}\t{path}\t{GOALS[kind]}")


def weigh(repeat=3):
    """Status, queries, HTML size raw and compressed of each page, a warm request at a time."""
    client = Client(HTTP_HOST="127.0.0.1")
    for label, path, _kind in _pages():
        client.get(path)
        counts = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            counts.append(len(captured))
        body = response.content
        size, packed = len(body) / 1024, len(gzip.compress(body, 6)) / 1024
        print(f"{label}\t{response.status_code}\t{median(counts):.0f}\t{size:.0f}\t{packed:.0f}")


def cpu(floor_ms):
    """label<TAB>CPU ms per warm request<TAB>share of the floor's template page (floor ms / page ms)."""
    from bench.cputime import cpu_ms

    client = Client(HTTP_HOST="127.0.0.1")
    for label, path, _kind in _pages():
        ms = cpu_ms(client, path)
        print(f"{label}\t{ms:.1f}\t{float(floor_ms) / ms:.3f}")
