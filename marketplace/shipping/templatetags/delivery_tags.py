from django import template
from oscar.core.loading import get_class

register = template.Library()
Repository = get_class("shipping.repository", "Repository")


@register.simple_tag(takes_context=True)
def delivery_options(context, basket):
    """The delivery rules' answer for ``basket`` (ways possible, and why the others are not)
    before the address is known: ``{% delivery_options basket as options %}``."""
    if basket is None or not basket.id or basket.is_empty:
        return None
    return Repository().options(basket, request=context.get("request"))
