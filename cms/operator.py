"""What every page shows of the CMS, read once and kept in the cache until an editor changes it
— no query on a page's way out: the site operator's details and policy links (``SiteOperator``,
in the footer and at checkout), and the sections the province publishes (news, stories, fairs,
livestreams: their index pages, in the header's menu and the footer)."""

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .locales import default_locale_id
from .models import POLICIES, PolicyPage, SiteOperator

CACHE_KEY = "cms:site-operator"
FIELDS = ("name", "address", "hotline", "email", "registration", "hours")
#: The index pages of the province's sections (label of the model -> menu text), in menu order.
SECTIONS = {
    "news.NewsIndexPage": _("News"),
    "stories.StoryIndexPage": _("Product stories"),
    "fairs.FairIndexPage": _("Trade fairs"),
    "live.LiveIndexPage": _("Livestream"),
}


def site_operator(request):
    """{name, address, hotline, email, registration, hours, policies: {field: (label, url)},
    sections: [(label, url)]}."""
    operator = cache.get(CACHE_KEY)
    if operator is None:
        operator, site_found = _read(request)
        if site_found:  # a site without its Site row (a fresh database) is asked again
            cache.set(CACHE_KEY, operator, None)
    return {
        **operator,
        "policies": {f: (POLICIES[f], url) for f, url in operator["policies"].items()},
        "sections": [(SECTIONS[label], url) for label, url in operator["sections"]],
    }


def _read(request):
    site = Site.find_for_request(request) if request is not None else None
    # Read, not created (Wagtail's for_site would INSERT on a GET): none yet, nothing to say.
    settings = (site and SiteOperator.objects.filter(site=site).first()) or SiteOperator()
    operator = {field: getattr(settings, field) for field in FIELDS}
    pages = {field: getattr(settings, f"{field}_id") for field in POLICIES}
    live = PolicyPage.objects.live().filter(pk__in=[pk for pk in pages.values() if pk]).in_bulk()
    operator["policies"] = {
        field: live[pk].get_url(request) for field, pk in pages.items() if pk in live and live[pk].get_url(request)
    }
    operator["sections"] = _sections(request)
    return operator, site is not None


def _sections(request):
    models = {}
    for label in SECTIONS:
        try:
            models[apps.get_model(label)] = label
        except LookupError:  # a content app not installed
            continue
    indexes = Page.objects.live().type(*models).filter(locale_id=default_locale_id()).specific()
    found = {models[type(page)]: page.get_url(request) for page in indexes if type(page) in models}
    return [(label, found[label]) for label in SECTIONS if found.get(label)]


def forget(**kwargs):
    cache.delete(CACHE_KEY)


def forget_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.delete(CACHE_KEY)


def connect():
    post_save.connect(forget, sender=SiteOperator, dispatch_uid="site-operator-saved")
    post_delete.connect(forget_page, dispatch_uid="site-operator-page-deleted")
    # Any page: a policy or a section's index published, unpublished or moved changes the links.
    page_published.connect(forget, dispatch_uid="site-operator-published")
    page_unpublished.connect(forget, dispatch_uid="site-operator-unpublished")
    post_page_move.connect(forget, dispatch_uid="site-operator-page-moved")
