"""``{% product_live_sessions product %}``: the sessions live now or coming up that present a
product, on its page — in two queries whatever their number (sessions with their producers and
covers, the covers' renditions), nothing shown when there is none. Ended sessions are not shown:
a product page advertises what a visitor can still join."""

from django import template

from ..models import sessions_of_product

register = template.Library()


@register.inclusion_tag("cms/live/product_live_sessions.html", takes_context=True)
def product_live_sessions(context, product):
    return {"sessions": sessions_of_product(product), "request": context.get("request")}
