"""Wagtail's page routing, kept in the cache: the site a host is and the page a path leads to.

Wagtail finds both anew for every request — the site (one query), the root page in the visitor's
language, then a page per level of the path (two to five queries) — and checks the page's view
restrictions (two more). :func:`serve` is Wagtail's own ``serve`` view with the site and the page
taken from the cache when a visitor asked for them earlier that day, under the listing
generation, which every save of a page, a site or a restriction bumps (``wagtailcore`` is one of
:data:`marketplace.pagecache.CONTENT_APPS`): a page published, moved, unpublished or restricted is
routed anew at once. What Wagtail does after routing — its ``before_serve_page`` hooks (view
restrictions: :class:`marketplace.pagecache.PublicPage` keeps whether there are any), the
page's ``serve`` — is unchanged.

What is kept is the *page* a path ends at, not Wagtail's route result: a routable page
(``RoutablePageMixin``: a news index's topics, a fair's calendar) then routes the rest of the
path itself, in Python, as it would have (its result holds a bound view and must not be pickled).
"""

import contextlib

from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Site

from marketplace.pagecache import DAY, kept


def serve(request, path):
    """Wagtail's ``serve`` view, routed from the cache (see the module's text)."""
    if request.method in ("GET", "HEAD"):
        site, page, depth = kept(
            "wagtail-route", request.get_host(), path, make=lambda: _route(request, path), clock=DAY
        )
        request._wagtail_site = site or None
        request._wagtail_route_for_request = None
        if page:
            components = [component for component in path.split("/") if component][depth:]
            with contextlib.suppress(Http404):  # a routable page's unknown rest: Wagtail's 404
                request._wagtail_route_for_request = page.route(request, components)
    return wagtail_views.serve(request, path)


def _route(request, path):
    """(site, the page the path ends at, how many of the path's parts lead to it) as Wagtail
    routes it; ``False`` for what it does not find (the cache keeps no ``None``)."""
    site = Site.find_for_request(request)
    if site is None:
        return False, False, 0
    root = site.root_page.localized.specific
    try:
        page = root.route(request, [component for component in path.split("/") if component]).page
    except Http404:
        return site, False, 0
    # Wagtail's Page.route takes one part of the path per level below the root.
    return site, page, page.depth - root.depth
