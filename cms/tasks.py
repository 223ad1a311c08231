"""Scheduled publishing: pages whose go-live date has come are published, pages whose expiry
date has passed are unpublished (Wagtail's ``publish_scheduled``). Celery beat runs it every
minute when REDIS_URL is set (CELERY_BEAT_SCHEDULE); otherwise cron runs
`manage.py publish_scheduled` every minute (README, "Province publishing")."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled_task():
    call_command("publish_scheduled", verbosity=0)
