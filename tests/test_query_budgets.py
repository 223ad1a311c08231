"""Every public page answers with a small, fixed number of database queries.

On the demo data, whose lists are full pages (a catalogue page of products, the locator's points,
a section's articles, a sitemap of every product), so a query per item on a page would break its
budget at once. Each page is asked twice: cold (the first visitor after a deploy or a change:
nothing in the caches) and warm (what almost every visitor gets). The page cache for anonymous
visitors is off here: these are the pages it stores, and they must be cheap without it.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.queries import statements, writes
from tests.test_site_crawl import demo_stories, main_pages, published_pages

pytestmark = pytest.mark.django_db

# page: (cold, warm) budgets. The paths are the crawl's main pages, in its order. Product cards are
# taken from the cache by id after one query of the listed ids; cold, the products missing a card
# are then loaded (one query and two prefetches for all the page's lists).
BUDGETS = {
    "home": (37, 1),
    "catalogue": (18, 1),  # cold: with gift combos on the page, their parts (two queries)
    "category": (24, 2),
    "province": (22, 2),
    "district": (20, 1),
    "producer": (21, 5),
    "product": (18, 1),  # warm: none on SQLite (the product and its pieces are kept for the day)
    "delisted product (410)": (4, 3),
    "gift combo": (12, 1),  # warm: none on SQLite (as a product page)
    "catalogue, gift combos": (13, 3),
    "search": (22, 1),  # cold: one more on PostgreSQL (its full-text search)
    "search with facets and a sort": (18, 1),  # cold: one more on PostgreSQL (its full-text search)
    "verification form": (0, 0),
    "certificate": (3, 1),
    "certificate by product code (redirect)": (2, 2),
    "certificates of a decision": (3, 3),
    "certificate not found (404)": (6, 6),
    "basket": (1, 1),
    "locator": (6, 1),  # cold: the times points open and close (kept for the day: the list's clock)
    "locator, a province": (7, 1),
    "locator, a district open now": (7, 1),
    "locator, a product": (6, 1),
    "locator, nearest first": (6, 1),  # cold: the count that checks the page number, then the ranking
    "sales points GeoJSON": (4, 0),
    "sales point": (9, 0),
    "OCOP in numbers": (6, 0),
    "news": (10, 0),
    "news RSS": (8, 2),
    "news Atom": (7, 2),
    "fairs": (8, 0),
    "fairs calendar": (9, 4),
    "livestreams": (10, 5),
    "news article": (21, 0),
    "fair": (20, 0),
    "fair calendar": (10, 3),
    "livestream": (14, 6),
    "policy page": (5, 0),
    "stories": (9, 4),
    "story": (9, 2),
    "sitemap": (50, 25),
    "autocomplete": (2, 1),
    "login": (0, 0),
    "register": (0, 0),
    "new products feed": (1, 1),
    "open data CSV": (1, 1),
    "open data JSON": (1, 1),
}


def pages(demo_sentinels):
    story, _draft = demo_stories()
    extra = ["/cau-chuyen-san-pham/", story, "/sitemap.xml", "/search/suggest/?q=mat"]
    extra += ["/accounts/login/", "/accounts/register/", "/feeds/new-products/"]
    extra += ["/open-data/ocop-products.csv", "/open-data/ocop-products.json"]
    paths = [*main_pages(demo_sentinels), *published_pages(), *extra]
    assert len(paths) == len(BUDGETS), "a page without a budget: add it to BUDGETS"
    return dict(zip(BUDGETS, paths, strict=True))


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 302, 404, 410), (path, response.status_code)
    return len(statements(queries))


def test_every_public_page_keeps_to_its_query_budget(client, demo_publishing, demo_points, demo_sentinels, one_minute):
    over, measured = [], []
    for page, path in pages(demo_sentinels).items():
        cold, warm = queries_of(client, path), queries_of(client, path)
        cold_budget, warm_budget = BUDGETS[page]
        measured.append(f"{page}: {cold}/{warm}")
        if cold > cold_budget or warm > warm_budget:
            over.append(f"{page} ({path}): {cold} cold, {warm} warm; budget {cold_budget}, {warm_budget}")
    assert not over, "\n".join(["over budget:", *over, "measured (cold/warm):", *measured])


def test_no_public_page_writes_to_the_database_for_an_anonymous_visitor(
    client, demo_publishing, demo_points, demo_sentinels
):
    """Reading a page never writes: no view counter, no rendition, no setting made, no session
    (product views are counted in the cache, renditions are made when an image is saved)."""
    found = []
    for page, path in pages(demo_sentinels).items():
        for visit in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            found += [f"{page} ({visit}, {path}): {s[:100]}" for s in writes(queries)]
    assert not found, "\n".join(found)
    assert settings.SESSION_COOKIE_NAME not in client.cookies
