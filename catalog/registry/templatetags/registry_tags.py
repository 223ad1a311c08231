from django import template

from ..models import SyncRun

register = template.Library()


@register.inclusion_tag("registry_dashboard/notice.html")
def registry_notice():
    """The dashboard's notice when the latest registry sync was held or failed."""
    return {"latest": SyncRun.objects.exclude(outcome=SyncRun.Outcome.DRY_RUN).first()}
