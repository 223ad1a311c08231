"""THE DELIVERY RULES — which ways a basket can reach the shopper, and when one cannot, why
and what to do, in words. The shipping repository, the basket and the checkout all ask
:func:`options`; nothing else decides it.

A product's fulfilment comes from its Decision 148 category, through its Oscar product class
(catalog/catalogue/classification.py):

* **ship** — home delivery anywhere;
* **local** (fresh food, live plants and animals) — pickup at a sales point, or home delivery
  within the producer's own province only;
* **service** (community and eco-tourism) — nothing to ship: the order carries the booking.

Home delivery is per producer: each producer sends its own lines as one parcel, priced by zone
(zones.py) and weight (rates.py); the basket pays the sum. Pickup is free, at a sales point that
holds every item in the quantity wanted (the purchase strategy's ``stock_at_points``: listable
products, available, at active points); the order then reserves them there
(marketplace/salespoints/allocation.py).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

from catalog.catalogue.classification import Fulfilment
from marketplace.adminunits.models import Province
from marketplace.salespoints import geo
from marketplace.salespoints.locator import ordered
from marketplace.salespoints.models import SalesPoint

from . import rates, zones
from .methods import HomeDelivery, NoShippingRequired, Pickup

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
ComboPart = get_model("combos", "ComboPart")

#: How many candidate points are ranked by distance at most.
POINTS_RANKED = 500


@dataclass
class Item:
    """One basket line as delivery sees it."""

    line: object
    product: object
    quantity: int
    fulfilment: str
    producer: object  # who ships it: the stock record's partner (the product's producer)
    origin: Province | None  # the producer's current province
    grams: int  # one item's weight
    combo: object = None  # the gift combo it is part of (delivered, never picked up)

    @property
    def title(self):
        return self.product.get_title()


@dataclass
class Parcel:
    """What one producer sends for home delivery, and its price."""

    producer: object
    origin: Province | None
    items: list
    grams: int
    zone: str
    price: int


@dataclass
class Problem:
    """Why a way of delivery is not offered (``method``: "delivery" or "pickup"), and what the
    shopper can do about it."""

    method: str
    message: str
    advice: str
    items: list = field(default_factory=list)

    def __str__(self):
        return f"{self.message} {self.advice}"


@dataclass
class Options:
    methods: list  # Oscar shipping methods, home delivery first, then pickup points
    problems: list  # Problem: why a way is missing, and what to do
    items: list = field(default_factory=list)
    services: list = field(default_factory=list)  # items that ship nothing (bookings)
    parcels: list = field(default_factory=list)  # home delivery's parcels, when offered
    destination: Province | None = None

    @property
    def ok(self):
        return bool(self.methods)


def fulfilment_of(product):
    """The product's fulfilment: its product class (set from its category by the registry
    import), else its category's, else "ship"."""
    product_class = product.get_product_class()
    if product_class is not None and product_class.slug in Fulfilment.values:
        return product_class.slug
    category = product.subgroup or product.group
    return category.fulfilment if category else Fulfilment.SHIP


def as_province(value):
    """A current :class:`Province` from a Province, a GSO code ("24") or None."""
    if value is None or isinstance(value, Province):
        return value
    return Province.objects.filter(pk=str(value)).first()


def items_of(basket):
    """The basket's lines as :class:`Item`, in two queries (products, producers) and one more
    for gift combos: a combo's products are sent by their own producers (catalog/combos), so a
    combo line is an item per product in it, each in its producer's parcel."""
    lines = list(basket.all_lines())
    products = Product.objects.select_related("product_class", "parent__product_class", "subgroup", "group").in_bulk(
        [line.product_id for line in lines]
    )
    goods = []  # (line, product, quantity, shipper id, combo)
    combos = [line.product_id for line in lines if products[line.product_id].is_combo]
    parts = defaultdict(list)
    if combos:
        for part in ComboPart.objects.filter(combo_id__in=combos).select_related(
            "product__product_class", "product__subgroup", "product__group"
        ):
            parts[part.combo_id].append(part)
    for line in lines:
        product = products[line.product_id]
        if product.is_combo:
            goods += [
                (line, p.product, line.quantity * p.quantity, p.product.producer_id, product) for p in parts[product.pk]
            ]
        else:
            shipper = line.stockrecord.partner_id if line.stockrecord_id else product.producer_id
            goods.append((line, product, line.quantity, shipper, None))
    producers = Partner.objects.select_related("province", "legacy_province__successor").in_bulk(
        [shipper for *_rest, shipper, _combo in goods if shipper]
    )
    items = []
    for line, product, quantity, shipper, combo in goods:
        producer = producers.get(shipper)
        origin = None
        if producer is not None:
            origin = producer.province or (producer.legacy_province.successor if producer.legacy_province else None)
        grams = rates.weight_of(product)
        items.append(Item(line, product, quantity, fulfilment_of(product), producer, origin, grams, combo))
    return items


def parcels_of(goods, destination):
    """One parcel per producer, priced to ``destination`` (None: the farthest zone)."""
    by_producer = defaultdict(list)
    for item in goods:
        by_producer[item.producer.pk if item.producer else None].append(item)
    parcels = []
    for group in by_producer.values():
        first = group[0]
        grams = sum(item.grams * item.quantity for item in group)
        zone = zones.zone(first.origin.code if first.origin else None, destination.code if destination else None)
        parcels.append(Parcel(first.producer, first.origin, group, grams, zone, rates.price(zone, grams)))
    return parcels


def _enough(wanted):
    """Stock rows holding a product of ``wanted`` ({product id: quantity}) in that quantity."""
    enough = Q()
    for product_id, quantity in wanted.items():
        enough |= Q(product_id=product_id, available__gte=quantity)
    return enough


def pickup_points(wanted, strategy, origin=None, limit=None):
    """Active points that hold every product of ``wanted`` ({product id: quantity}) available in
    that quantity, as ``[(point, km or None)]``: nearest first from ``origin`` (lat, lng), else
    by province, district and name; at most ``limit`` (settings.SHIPPING_PICKUP_POINTS)."""
    limit = limit or settings.SHIPPING_PICKUP_POINTS
    if not wanted:
        return []
    holding_all = (
        strategy.stock_at_points()
        .filter(_enough(wanted))
        .order_by()
        .values("point_id")
        .annotate(n=Count("product_id", distinct=True))
        .filter(n=len(wanted))
        .values("point_id")
    )
    points = ordered(SalesPoint.objects.filter(pk__in=holding_all).for_list())
    if origin is None:
        return [(point, None) for point in points[:limit]]
    return geo.by_distance(points[:POINTS_RANKED], origin, lambda p: (p.latitude, p.longitude))[:limit]


def _holders(wanted, strategy):
    """{product id: number of active points holding it available in the quantity wanted}."""
    return dict(
        strategy.stock_at_points()
        .filter(_enough(wanted))
        .order_by()
        .values("product_id")
        .annotate(n=Count("point_id"))
        .values_list("product_id", "n")
    )


def _remove(items):
    n = len({item.product.pk for item in items})
    return ngettext("remove it from your basket", "remove them from your basket", n)


def _names(items):
    return ", ".join(dict.fromkeys(item.title for item in items))


def _wanted(items):
    wanted = Counter()
    for item in items:
        wanted[item.product.pk] += item.quantity
    return wanted


def _point_names(points):
    return ", ".join(point.name for point, _km in points[:3])


def options(basket, province=None, origin=None, strategy=None):
    """How ``basket`` can reach the shopper: :class:`Options` with the methods possible (home
    delivery, pickup at each candidate point, or nothing to ship) and a :class:`Problem` for each
    way that is not, saying why and what to do. ``province``: the delivery address's current
    province (a Province or its code) when known; ``origin``: the shopper's (lat, lng) when
    shared, else the province's centre, to rank the points."""
    from marketplace.producers.strategy import Default

    strategy = strategy or getattr(basket, "strategy", None) or Default()
    destination = as_province(province)
    items = items_of(basket)
    goods = [item for item in items if item.fulfilment != Fulfilment.SERVICE]
    services = [item for item in items if item.fulfilment == Fulfilment.SERVICE]
    result = Options(methods=[], problems=[], items=items, services=services, destination=destination)
    if not goods:
        if services:
            result.methods.append(NoShippingRequired())
        return result

    if origin is None and destination is not None and destination.latitude is not None:
        origin = (destination.latitude, destination.longitude)
    # A gift combo is delivered: its producers send their parts from their own stock.
    points = [] if any(item.combo for item in goods) else pickup_points(_wanted(goods), strategy, origin)
    pickup = [_("choose pickup at %(points)s") % {"points": _point_names(points)}] if points else []

    # Home delivery: local goods only within their producer's province.
    local = [item for item in goods if item.fulfilment == Fulfilment.LOCAL]
    unplaced = [item for item in local if item.origin is None]
    local_origins = {item.origin.code: item.origin for item in local if item.origin is not None}
    delivery_problems = []
    if unplaced:
        delivery_problems.append(
            Problem(
                "delivery",
                _("%(products)s can only be picked up: its producer's province is not known.")
                % {"products": _names(unplaced)},
                _either([_remove(unplaced), *pickup]),
                unplaced,
            )
        )
    if destination is not None:
        for code, where in local_origins.items():
            if code != destination.code:
                those = [item for item in local if item.origin is not None and item.origin.code == code]
                there = _("deliver to an address in %(province)s") % {"province": where}
                delivery_problems.append(
                    Problem(
                        "delivery",
                        _("%(products)s can only be picked up or delivered within %(province)s.")
                        % {"products": _names(those), "province": where},
                        _either([_remove(those), there, *pickup]),
                        those,
                    )
                )
        priced_to = destination
    elif len(local_origins) > 1:
        provinces = ", ".join(str(where) for where in local_origins.values())
        delivery_problems.append(
            Problem(
                "delivery",
                _(
                    "%(products)s are fresh or live goods delivered only within their own provinces "
                    "(%(provinces)s), so they cannot be delivered to one address."
                )
                % {"products": _names(local), "provinces": provinces},
                _either([_("keep only the goods of one province in this order"), *pickup]),
                local,
            )
        )
        priced_to = None
    else:
        # Local goods of one province: delivery can only go there, so it is priced there.
        priced_to = next(iter(local_origins.values()), None)
    if not delivery_problems:
        result.parcels = parcels_of(goods, priced_to)
        result.methods.append(HomeDelivery(result.parcels, estimate=priced_to is None))
    result.problems += delivery_problems

    # Pickup: one point holding everything.
    result.methods += [Pickup(point, km) for point, km in points]
    if not points:
        result.problems.append(_pickup_problem(goods, strategy, origin, delivery_possible=not delivery_problems))
    return result


def _either(choices):
    """The choices as one sentence, in the active language: "Remove it, … or choose pickup at …"."""
    choices = [str(choice) for choice in choices]
    if len(choices) > 1:
        text = _("%(choices)s or %(last)s") % {"choices": ", ".join(choices[:-1]), "last": choices[-1]}
    else:
        text = choices[0]
    return text[:1].upper() + text[1:] + "."


def _pickup_problem(goods, strategy, origin, delivery_possible):
    held = _holders(_wanted(goods), strategy)
    missing = [item for item in goods if not held.get(item.product.pk)]
    home = [_("choose home delivery")] if delivery_possible else []
    if missing:
        message = _("No sales point has %(products)s in the quantity you want.") % {"products": _names(missing)}
        rest = [item for item in goods if item not in missing]
        points = pickup_points(_wanted(rest), strategy, origin, limit=1) if rest else []
        if points:
            choice = _("remove %(products)s from your basket to pick up the rest at %(point)s") % {
                "products": _names(missing),
                "point": points[0][0].name,
            }
        else:
            choice = _("lower the quantity or remove %(products)s from your basket") % {"products": _names(missing)}
        return Problem("pickup", message, _either([*home, choice]), missing)
    where = []
    for item in goods:
        points = pickup_points({item.product.pk: item.quantity}, strategy, origin, limit=1)
        where.append(_("%(product)s at %(point)s") % {"product": item.title, "point": points[0][0].name})
    message = _("No single sales point holds all your items.")
    choice = _("order separately the items to pick up at different points (%(where)s)") % {"where": "; ".join(where)}
    return Problem("pickup", message, _either([*home, choice]), list(goods))
