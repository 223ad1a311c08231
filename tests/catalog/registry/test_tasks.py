"""The nightly sync as Celery beat runs it: the scheduled task exists, and run inline against the
stand-in registry it records its run."""

import pytest
from django.conf import settings

from catalog.registry.models import SyncRun
from catalog.registry.standin import StandInRegistry
from catalog.registry.tasks import sync_registry_task
from marketplace.celery import app
from tests.factories import registry_record as record


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.django_db
def test_the_nightly_sync_records_a_run_triggered_by_the_schedule(admin_units, settings):
    with StandInRegistry([record()]) as registry:
        settings.REGISTRY_URL, settings.REGISTRY_TOKEN = registry.url, registry.token
        run_id = sync_registry_task.delay().get()
    run = SyncRun.objects.get(pk=run_id)
    assert (run.triggered_by, run.outcome, run.counts["created"], run.source) == (
        "schedule",
        "succeeded",
        1,
        registry.url,
    )
