"""The site's public address: ONE setting, ``SITE_URL`` (e.g. ``https://ocop.example.vn``), decides
every absolute link — canonical URLs, OpenGraph images, the sitemap, robots.txt, the QR codes
printed on packaging, e-mails — whatever host a request came in on. Django's sites framework and
Wagtail's default site are set from it after every ``migrate`` (and by ``load_demo``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from wagtail.models import Site as WagtailSite


def absolute_url(path):
    """The public address of ``path`` (a site-relative URL such as ``reverse()`` gives)."""
    return settings.SITE_URL + path


def site_parts():
    """(scheme, host, port) of SITE_URL; the port is the scheme's default when none is given."""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def apply_site_url(**kwargs):
    """Point Django's current Site and Wagtail's default Site at SITE_URL (a post_migrate receiver)."""
    scheme, host, port = site_parts()
    netloc = urlsplit(settings.SITE_URL).netloc
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": netloc, "name": settings.WAGTAIL_SITE_NAME}
    )
    WagtailSite.objects.filter(is_default_site=True).update(
        hostname=host, port=port, site_name=settings.WAGTAIL_SITE_NAME
    )
