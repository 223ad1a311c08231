import json
from pathlib import Path

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


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (what one test cached is not another's data)."""
    from django.core.cache import cache

    cache.clear()


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
    the composed home page."""
    from oscar.core.loading import get_model

    from catalog.demo.loader import add_prices_and_stock, compose_home_page

    products = list(get_model("catalogue", "Product").objects.select_related("subgroup").order_by("pk"))
    add_prices_and_stock(products)
    featured_home_page.body = []
    featured_home_page.save()
    compose_home_page()
    call_command("search_index", "--rebuild", verbosity=0)
    return demo_registry


@pytest.fixture
def demo_points(demo_registry):
    """The demo's sales points and their stock as `make demo` loads them: the provinces' two
    files through import_sales_points and import_sales_point_stock. Returns the active points."""
    from catalog.demo.loader import load_sales_points
    from marketplace.salespoints.models import SalesPoint

    load_sales_points(verbosity=0)
    return SalesPoint.objects.active()


@pytest.fixture
def email_event_types(db):
    """Oscar's communication event types of our e-mails, as their migration creates them (a
    transactional test's flush removes rows that migrations wrote)."""
    import importlib

    from django.apps import apps

    importlib.import_module("catalog.certification.migrations.0004_email_event_types").create_event_types(apps, None)
