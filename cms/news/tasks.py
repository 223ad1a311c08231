"""Scheduled publishing: Wagtail publishes a page whose "go live" time has come, and unpublishes
one past its expiry, only when ``manage.py publish_scheduled`` runs. Celery beat runs it every few
minutes when REDIS_URL is set (CELERY_BEAT_SCHEDULE); otherwise cron can run the command. It
serves every page type (news, stories, the home page), not only articles."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled_task():
    call_command("publish_scheduled", verbosity=0)
