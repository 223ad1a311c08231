from django import template
from django.utils import timezone

from .. import geo

register = template.Library()

#: How many points the product page lists before sending the shopper to the locator.
WHERE_TO_BUY_SHOWN = 6
#: How many points are ranked at most (nearest first, or by district) for one product.
WHERE_TO_BUY_RANKED = 500


@register.inclusion_tag("salespoints/_where_to_buy.html", takes_context=True)
def where_to_buy(context, product):
    """The sales points that hold ``product`` in stock: nearest first when the shopper has
    shared a location (the locator's cookie), grouped by district otherwise. Two queries."""
    request = context["request"]
    origin = geo.parse_location(request.COOKIES.get(geo.COOKIE))
    stock = list(
        request.strategy.stock_at_points()
        .filter(product=product)
        .select_related("point__legacy_district__province", "point__legacy_province")
        .prefetch_related("point__hours")
        .order_by("point__legacy_province__short_name", "point__legacy_district__short_name", "point__name")[
            :WHERE_TO_BUY_RANKED
        ]
    )
    if origin:
        ranked = geo.by_distance(stock, origin, lambda s: (s.point.latitude, s.point.longitude))
    else:
        ranked = [(s, None) for s in stock]
    now = timezone.now()
    entries = []
    for row, km in ranked[:WHERE_TO_BUY_SHOWN]:
        is_open, change = row.point.open_status(now)
        entries.append({"point": row.point, "quantity": row.available, "km": km, "is_open": is_open, "change": change})
    groups = []
    if not origin:
        for entry in entries:
            if not groups or groups[-1][0] != entry["point"].legacy_district:
                groups.append((entry["point"].legacy_district, []))
            groups[-1][1].append(entry)
    return {
        "product": product,
        "entries": entries,
        "groups": groups,
        "nearest": bool(origin),
        "total": len(stock),
        "more": len(stock) - len(entries),
        "request": request,
    }
