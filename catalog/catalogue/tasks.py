"""Background work of the catalogue: product views counted in the cache moved to the database
(:mod:`.viewcount`), every few minutes (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import viewcount


@shared_task(ignore_result=True)
def flush_product_views():
    return viewcount.flush()
