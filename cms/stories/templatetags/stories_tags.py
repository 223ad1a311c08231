"""``{% product_stories product %}`` and ``{% producer_stories producer %}``: the published
stories of a product or a producer, as cards on its page — in three queries whatever their
number (stories, photos, renditions), one when there are none."""

from django import template
from django.db.models import Q

from ..models import attach_card_images, live_stories

register = template.Library()

#: How many stories a product page shows (the newest); the rest are in the stories' list.
PRODUCT_PAGE_STORIES = 3


@register.inclusion_tag("cms/stories/product_stories.html", takes_context=True)
def product_stories(context, product):
    stories = live_stories().filter(product=product)[:PRODUCT_PAGE_STORIES]
    return {"stories": attach_card_images(stories), "request": context.get("request"), "product": product}


@register.inclusion_tag("cms/stories/product_stories.html", takes_context=True)
def producer_stories(context, producer):
    """The published stories a producer told, or that are about its products, on its page."""
    stories = live_stories().filter(Q(producer=producer) | Q(product__producer=producer))[:PRODUCT_PAGE_STORIES]
    return {"stories": attach_card_images(stories), "request": context.get("request"), "producer": producer}
