from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from oscar.core.loading import get_model

from marketplace.site import absolute_url

Category = get_model("catalogue", "Category")
NAV_CACHE_SECONDS = 600


def nav_groups():
    key = f"nav-groups:{get_language()}"
    groups = cache.get(key)
    if groups is None:
        groups = [
            (c.display_name, c.get_absolute_url(), c.code)
            for c in Category.get_root_nodes().filter(is_public=True, code__isnull=False).order_by("path")
        ]
        cache.set(key, groups, NAV_CACHE_SECONDS)
    return groups


def site(request):
    """What every page's layout needs: the product groups for the menu (cached; asked only when
    the menu is rendered, not taken from its own cache) and the canonical URL of the page."""
    return {
        "nav_groups": SimpleLazyObject(nav_groups),
        "canonical_url": absolute_url(request.path),
        "site_url": settings.SITE_URL,
    }
