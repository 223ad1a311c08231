"""The nightly registry sync. Celery beat runs it when REDIS_URL is set (CELERY_BEAT_SCHEDULE);
otherwise cron can run `manage.py sync_registry`, and calling the task runs it inline."""

import logging

from celery import shared_task
from django.conf import settings

from .client import RegistryClient
from .sync import HttpSource, run_sync

log = logging.getLogger(__name__)


@shared_task
def sync_registry_task(full=False):
    """Sync from REGISTRY_URL; returns the recorded run's id (None when no registry is set)."""
    if not settings.REGISTRY_URL:
        log.warning("REGISTRY_URL is not set: registry sync skipped")
        return None
    with RegistryClient(settings.REGISTRY_URL, settings.REGISTRY_TOKEN) as client:
        run = run_sync(HttpSource(client), full=full, triggered_by="schedule")
    return run.pk
