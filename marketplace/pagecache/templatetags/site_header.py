"""``{% site_header %}``: the header of every storefront page (``oscar/partials/site_header.html``:
brand, search box, account links, basket, language form, product groups), rendered once a day
(it shows nothing of the clock) per language, listing generation and kind of visitor — not
signed in, signed in, signed in with the dashboard — and kept like a ``{% contentcache %}``
piece. What is the visitor's own is filled in for each request: what they searched for, the
page the language form brings them back to, the number of items in their basket, and their CSRF
token (the page cache's placeholder, filled by
:class:`~marketplace.pagecache.PageCacheMiddleware`). The template writes those as
``{{ visitor.q }}``, ``{{ visitor.next }}`` and ``{{ visitor.basket_count }}``."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from marketplace import pagecache
from marketplace.basket.templatetags.basket_count import basket_count

register = template.Library()

TEMPLATE = "oscar/partials/site_header.html"
#: What the kept header holds in place of the visitor's own values.
SLOTS = {"q": "__site_header_q__", "next": "__site_header_next__", "basket_count": "__site_header_basket__"}
FILLED = re.compile("|".join(SLOTS.values()))  # in one pass: a visitor's text cannot name a slot


def visitor_kind(user):
    """Which header a user gets: its account links are all that differs between them."""
    if not user.is_authenticated:
        return "anonymous"
    return "dashboard" if user.is_staff or user.has_perm("partner.dashboard_access") else "customer"


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context["request"]
    key = pagecache.content_key("site-header", visitor_kind(request.user), clock=pagecache.DAY)
    html = pagecache.near.get_many([key]).get(key)
    if html is None:
        with context.push(visitor=SLOTS, csrf_token=pagecache.CSRF_PLACEHOLDER):
            html = context.template.engine.get_template(TEMPLATE).render(context)
        pagecache.near.set_many({key: html}, pagecache.seconds(pagecache.DAY))
    pagecache.fill_later(request)
    own = {
        SLOTS["q"]: escape(request.GET.get("q", "")),
        SLOTS["next"]: escape(request.get_full_path()),
        SLOTS["basket_count"]: str(basket_count(context)),
    }
    return mark_safe(FILLED.sub(lambda slot: own[slot.group()], html))  # noqa: S308 - the template's own rendering and escaped values
