"""The site operator's details and policy links (``SiteOperator``), for every page's footer and
the checkout: read once and kept in the cache until the office changes them or a policy page is
published, unpublished, moved or deleted — no query on a page's way out."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import POLICIES, PolicyPage, SiteOperator

CACHE_KEY = "cms:site-operator"
FIELDS = ("name", "address", "hotline", "email", "registration", "hours")


def site_operator(request):
    """{name, address, hotline, email, registration, hours, policies: {field: (label, url)}}."""
    operator = cache.get(CACHE_KEY)
    if operator is None:
        operator = _read(request)
        cache.set(CACHE_KEY, operator, None)
    return {**operator, "policies": {f: (POLICIES[f], url) for f, url in operator["policies"].items()}}


def _read(request):
    settings = SiteOperator.for_request(request)
    operator = {field: getattr(settings, field) for field in FIELDS}
    pages = {field: getattr(settings, f"{field}_id") for field in POLICIES}
    live = PolicyPage.objects.live().filter(pk__in=[pk for pk in pages.values() if pk]).in_bulk()
    operator["policies"] = {
        field: live[pk].get_url(request) for field, pk in pages.items() if pk in live and live[pk].get_url(request)
    }
    return operator


def forget(**kwargs):
    cache.delete(CACHE_KEY)


def connect():
    post_save.connect(forget, sender=SiteOperator, dispatch_uid="site-operator-saved")
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(forget, sender=PolicyPage, dispatch_uid=f"site-operator-{id(signal)}")
    post_page_move.connect(forget, dispatch_uid="site-operator-page-moved")
