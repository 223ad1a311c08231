import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Page, Site

from cms.models import HomePage
from marketplace.adminunits.models import LegacyProvince
from marketplace.site import apply_site_url

# Property-based tests judge results, not speed: on a busy CI machine, generating an input or
# running an example may take seconds (no deadline, no "too slow" health check).
hypothesis_settings.register_profile("ocop", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("ocop")

DEMO_FILE = Path(__file__).resolve().parent.parent / "catalog" / "demo" / "registry-demo.json"


@pytest.fixture
def home_page(db):
    """The site's home page (a transactional test's flush removes the migration's one)."""
    page = HomePage.objects.first()
    if page is None:
        Locale.objects.get_or_create(language_code="vi")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        page = root.add_child(instance=HomePage(title="Chợ OCOP", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": page})
    apply_site_url()  # as `migrate` does
    return page


@pytest.fixture
def featured_home_page(home_page):
    home_page.body = [
        ("featured_products", {"title": "Sản phẩm nổi bật", "rule": "newest", "products": [], "count": 8}),
    ]
    home_page.save_revision().publish()
    return home_page


@pytest.fixture
def site_policies(home_page):
    """The operator's details and two published policy pages, set in the site's settings as the
    office does in /cms-admin/settings/."""
    from wagtail.rich_text import RichText

    from cms.models import PolicyPage, SiteOperator

    operator = SiteOperator.for_site(Site.objects.get(is_default_site=True))
    operator.name, operator.hotline, operator.email = "Văn phòng OCOP tỉnh Bắc Giang", "0204 3854 123", "ocop@bg.vn"
    for field, slug, title in (
        ("returns_page", "chinh-sach-doi-tra", "Chính sách đổi trả"),
        ("terms_page", "dieu-khoan-su-dung", "Điều khoản sử dụng"),
    ):
        page = home_page.add_child(
            instance=PolicyPage(title=title, slug=slug, body=[("paragraph", RichText(f"<p>{title}.</p>"))])
        )
        setattr(operator, field, page)
    operator.save()
    return operator


@pytest.fixture
def gunicorn_hooks():
    """The settings and hooks of the repository's gunicorn.conf.py; the garbage collector as the
    test found it afterwards (the worker hooks freeze what is loaded and move collections after
    answers — the rest of the test session collects as Python does)."""
    import gc
    import runpy

    thresholds = gc.get_threshold()
    try:
        yield runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (what one test cached is not another's data)."""
    from django.core.cache import cache

    cache.clear()
    from marketplace import pagecache

    pagecache.near.clear()  # the process's copy of pages, pieces and cards
    from cms import locales

    locales._ids.clear()  # a rolled-back test may have made a Locale (no signal tells)


@pytest.fixture
def one_minute():
    """What public pages keep in the cache is kept per minute (each page and piece has a minute
    of its own, ``pagecache.window``): a visit after its minute turns is a cold one again. The
    clock stands still at the start of a minute for the whole test, so a first and a second visit
    are always in the same minute."""
    import time_machine

    now = time.time()
    with time_machine.travel(now - now % 60, tick=False) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the administrative units once into the test database (about 4 s)."""
    with django_db_blocker.unblock():
        call_command("load_admin_units", verbosity=0)


@pytest.fixture
def admin_units(db):
    """The units; reloaded when a transactional test's flush has removed them."""
    if not LegacyProvince.objects.exists():
        call_command("load_admin_units", verbosity=0)


@pytest.fixture
def demo_registry(admin_units):
    """The bundled demo registry export, synced the way the demo loads it."""
    call_command("sync_registry", file=str(DEMO_FILE), triggered_by="demo", verbosity=0)
    return json.loads(DEMO_FILE.read_text())


@pytest.fixture
def demo_sentinels():
    return json.loads((DEMO_FILE.parent / "sentinels.json").read_text())


@pytest.fixture
def demo_shop(demo_registry, featured_home_page):
    """The demo data as `make demo` loads it (without the pictures): registry, prices and stock,
    gift combos, the composed home page."""
    from oscar.core.loading import get_model

    from catalog.demo.combos import add_combos
    from catalog.demo.loader import add_prices_and_stock, compose_home_page

    products = list(get_model("catalogue", "Product").objects.select_related("subgroup").order_by("pk"))
    add_prices_and_stock(products)
    add_combos(pictures=False)
    featured_home_page.body = []
    featured_home_page.save()
    compose_home_page()
    call_command("search_index", "--rebuild", verbosity=0)
    return demo_registry


@pytest.fixture
def demo_publishing(demo_shop):
    """What the province publishes in the demo: the producers' and the province's stories, the
    policies and operator, news, fairs and livestreams (catalog/demo), on the composed home page."""
    from catalog.demo import fairs, live, news, producers, site_pages, stories

    producers.ensure_producer_logins()
    editor = stories.ensure_editor_login()
    if stories.add_stories():
        stories.approve_a_producer_story(editor)
    stories.add_province_stories()
    site_pages.add_site_pages()
    news.add_news()
    fairs.add_fairs()
    live.add_live_sessions()
    return demo_shop


@pytest.fixture
def demo_points(demo_registry):
    """The demo's sales points and their stock as `make demo` loads them: the provinces' two
    files through import_sales_points and import_sales_point_stock. Returns the active points."""
    from catalog.demo.loader import load_sales_points
    from marketplace.salespoints.models import SalesPoint

    load_sales_points(verbosity=0)
    return SalesPoint.objects.active()


@pytest.fixture
def demo_orders(demo_registry, demo_points):
    """The demo's orders as `make demo` places them (on the demo's prices, stock and sales
    points): ``{key: order}``, one per state (catalog/demo/orders.py), with the two producer
    logins (catalog/demo/producers.py)."""
    from oscar.core.loading import get_model

    from catalog.demo.loader import add_prices_and_stock
    from catalog.demo.orders import load_orders
    from catalog.demo.producers import add_notices, ensure_producer_logins

    add_prices_and_stock(list(get_model("catalogue", "Product").objects.select_related("subgroup").order_by("pk")))
    ensure_producer_logins()
    orders = load_orders()
    add_notices(orders)
    return orders


@pytest.fixture
def email_event_types(db):
    """Oscar's communication event types of our e-mails, as their migration creates them (a
    transactional test's flush removes rows that migrations wrote)."""
    import importlib

    from django.apps import apps

    for migration in (
        "catalog.certification.migrations.0004_email_event_types",
        "marketplace.order.migrations.0024_email_event_types",
        "marketplace.customer.migrations.0009_producer_account_email_event_types",
    ):
        importlib.import_module(migration).create_event_types(apps, None)


# --- Stripe: localstripe (PyPI) stands in for Stripe's API over real HTTP -----------------------
LOCALSTRIPE_KEYS = {
    "STRIPE_SECRET_KEY": "sk_test_ocop_localstripe",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_ocop_localstripe",
    "STRIPE_WEBHOOK_SECRET": "whsec_ocop_localstripe",
}
# localstripe pickles its whole store to /tmp/localstripe.pickle on every write, a file that any
# other localstripe on the machine shares: the tests' own runs from scratch and keep it in memory.
LOCALSTRIPE_MAIN = (
    "import localstripe.resources as r; r.Store.dump_to_disk = lambda self: None; "
    "from localstripe.server import start; start()"
)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_server(tmp_path_factory):
    """localstripe in a subprocess on a free port for the whole run, and the Stripe.js stand-in
    (tests/stripe_standin.py) in front of it; yields (API base URL, Stripe.js URL). Skips the tests
    that need it, saying why, when localstripe cannot start."""
    from tests.stripe_standin import StripeJsStandIn

    port = _free_port()
    log = tmp_path_factory.mktemp("localstripe") / "localstripe.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", LOCALSTRIPE_MAIN, "--port", str(port), "--from-scratch"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"{base}/js.stripe.com/v3/", timeout=1).raise_for_status()
            break
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail(
                    "localstripe could not start (install it: pip install -r requirements-dev.txt): "
                    + log.read_text()[-500:]
                )
            time.sleep(0.1)
    try:
        with StripeJsStandIn(base, LOCALSTRIPE_KEYS["STRIPE_SECRET_KEY"]) as standin:
            yield base, standin.js_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def localstripe(localstripe_server, settings):
    """Card payments against localstripe for this test: the Stripe settings point at it (keys,
    webhook secret, API base; Stripe.js from the stand-in, whose card fields are labelled "Card
    number", "Expiry date (MM / YY)" and "Security code"). Returns localstripe's base URL.
    Test cards: 4242424242424242 pays, 4000000000000341 is declined."""
    base, js_url = localstripe_server
    for name, value in LOCALSTRIPE_KEYS.items():
        setattr(settings, name, value)
    settings.STRIPE_API_BASE = base
    settings.STRIPE_JS_URL = js_url
    return base


@pytest.fixture
def localstripe_webhook(localstripe, live_server):
    """localstripe sends its events, signed with the webhook secret, to the live server's webhook
    during this test (about a second after each payment or refund), and nowhere afterwards."""
    from django.conf import settings
    from django.urls import reverse

    from marketplace.payment.webhooks import EVENTS

    def point_to(url):
        httpx.post(
            f"{localstripe}/_config/webhooks/ocop",
            json={"url": url, "secret": settings.STRIPE_WEBHOOK_SECRET, "events": EVENTS},
        ).raise_for_status()

    point_to(live_server.url + reverse("payment:stripe-webhook"))
    yield live_server
    point_to(f"http://127.0.0.1:{_free_port()}/")  # a closed port: later events go nowhere
