"""Periodic work: the nightly registry sync and the daily certificate check. Celery beat
runs them when REDIS_URL is set; otherwise cron can run `manage.py sync_registry` and
`manage.py certificate_notices`, and calling a task runs it inline."""

import logging

from celery import shared_task
from django.conf import settings

log = logging.getLogger(__name__)


@shared_task
def sync_registry_task(full=False):
    from catalog.registry.client import RegistryClient
    from catalog.registry.sync import HttpSource, run_sync

    if not settings.REGISTRY_URL:
        log.warning("REGISTRY_URL is not set: registry sync skipped")
        return None
    with RegistryClient(settings.REGISTRY_URL, settings.REGISTRY_TOKEN) as client:
        run = run_sync(HttpSource(client), full=full, triggered_by="schedule")
    return run.pk


@shared_task
def daily_certificate_task():
    from catalog.signals import listing_changed

    from .models import Certificate
    from .notices import notify_delisted, record_expiries, send_expiry_notices

    expired = record_expiries()
    if expired:
        listing_changed.send(sender=Certificate, product_ids=expired, run=None)
        notify_delisted(expired)
    return {"expired": len(expired), "expiry_notices": send_expiry_notices()}
