"""``{% basket_count %}``: how many items are in the visitor's basket, for the header of every page."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_count(context):
    """The number of items in the visitor's basket. A visitor who is not signed in and carries no
    basket cookie has none: then the basket is not loaded (Oscar's middleware would make an empty
    one and apply the site's offers to it, on every page a new visitor opens)."""
    request = context.get("request")
    if request is None:
        return 0
    user = getattr(request, "user", None)
    if not (user is not None and user.is_authenticated) and settings.OSCAR_BASKET_COOKIE_OPEN not in request.COOKIES:
        return 0
    return request.basket.num_items
