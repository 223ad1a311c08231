"""The planner's statistics follow a registry sync that changed the listing (SQLite never gathers
them by itself; without them the locator's plan was five times slower at national scale)."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import registry_record

pytestmark = pytest.mark.django_db


def analyzed(queries):
    return [query["sql"] for query in queries if query["sql"].strip().upper() == "ANALYZE"]


def sync(path, records, **options):
    path.write_text(json.dumps(records))
    call_command("sync_registry", file=str(path), verbosity=0, **options)


def test_a_sync_that_lists_products_refreshes_the_statistics_after_its_commit(
    admin_units, tmp_path, django_capture_on_commit_callbacks
):
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            sync(tmp_path / "registry.json", [registry_record()])
        assert not analyzed(queries.captured_queries)  # not inside the sync's transaction
        for callback in callbacks:
            callback()
    assert len(analyzed(queries.captured_queries)) == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'catalogue_product'")
            assert cursor.fetchone()[0] > 0


def test_a_sync_that_changes_nothing_leaves_them(admin_units, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "registry.json"
    sync(path, [registry_record()])
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        sync(path, [registry_record()])
    assert not analyzed(queries.captured_queries)
