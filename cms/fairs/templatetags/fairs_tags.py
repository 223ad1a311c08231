"""``{% product_fairs product %}`` and ``{% producer_fairs producer %}``: "see it at the fair",
on a product's and a producer's page, for the fairs on now or still to come where the producer has
a booth — never once a fair has ended, and on a product's page only while the product is listable.
One query each, whatever the number of fairs."""

from django import template

from ..models import FairExhibitor, current_fairs

register = template.Library()

#: How many fairs a product or producer page names at most (the soonest).
SHOWN = 3


def _booths(**filters):
    return list(
        FairExhibitor.objects.filter(page__in=current_fairs().values("pk"), **filters)
        .select_related("page__legacy_district", "page__legacy_province")
        .order_by("page__starts_on", "page__opens_at", "page_id", "booth")[:SHOWN]
    )


@register.inclusion_tag("cms/fairs/at_fairs.html", takes_context=True)
def product_fairs(context, product):
    booths = _booths(products=product) if product.is_listable() else []
    return {"booths": booths, "request": context.get("request"), "subject": "product"}


@register.inclusion_tag("cms/fairs/at_fairs.html", takes_context=True)
def producer_fairs(context, producer):
    booths = _booths(producer=producer) if producer.is_active else []
    return {"booths": booths, "request": context.get("request"), "subject": "producer"}
