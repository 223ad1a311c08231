"""The daily certificate check. Celery beat runs it every morning when REDIS_URL is set;
otherwise cron can run `manage.py certificate_notices`, and calling the task runs it inline."""

from celery import shared_task

from catalog.signals import listing_changed

from .models import Certificate
from .notices import notify_delisted, record_expiries, send_expiry_notices


@shared_task
def daily_certificate_task():
    expired = record_expiries()
    if expired:
        listing_changed.send(sender=Certificate, product_ids=expired, run=None)
        notify_delisted(expired)
    return {"expired": len(expired), "expiry_notices": send_expiry_notices()}
