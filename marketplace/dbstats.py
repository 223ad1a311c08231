"""The query planner's statistics, refreshed after bulk changes.

Without statistics a planner guesses, and at national scale it can guess badly: on SQLite the
sales-point locator took 184 ms instead of 38 ms, driving a join from 20,000 products instead of
a page's 30 points. PostgreSQL's autovacuum keeps them in production (``ANALYZE`` still helps
right after a bulk load); SQLite never gathers them by itself. ``ANALYZE`` takes about 0.1 s on
SQLite and a few seconds on PostgreSQL at 20,000 products, so it runs after the changes that
reshape the data: a registry sync that changed the listing and an import of sales points.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction

log = logging.getLogger(__name__)


def refresh(using=DEFAULT_DB_ALIAS):
    """``ANALYZE`` the database once the current transaction (if any) has committed."""
    transaction.on_commit(lambda: analyze(using), using=using, robust=True)


def analyze(using=DEFAULT_DB_ALIAS):
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
    log.info("Planner statistics refreshed (%s)", connections[using].vendor)


def listing_changed(**kwargs):
    """Receiver of ``catalog.signals.listing_changed`` (a sync or the nightly expiry)."""
    refresh()
