"""The moves a producer (or staff for them) makes with its order lines — confirm, pack, hand to
the carrier, bring to the sales point, mark picked up or delivered, cancel with a reason — and
making them safely.

A move is a status that :data:`statuses.LINE_PIPELINE` allows next AND that fits how the order
reaches its customer (:func:`delivery_kind`): a delivery's lines go to a carrier and are
delivered, a pickup's wait at the sales point and are picked up. :func:`check` refuses anything
else — a forged form, a page left open while the line moved on, a double tap — before anything
changes, and :func:`move` moves the lines with Oscar's ``Line.set_status``, whose signal does
the rest (fulfilment.py: the stock, the order's status; notifications.py: the e-mails).

The caller locks the order row and then the lines (:func:`locked`) and checks under that lock,
so two submissions of the same move cannot both pass, and two producers finishing their lines
of one order at the same moment roll the order's status up from each other's committed lines.

A cancellation's reason is kept the Oscar way, as a shipping event of type "cancelled" on the
lines (:func:`cancel_reasons`): staff see it on the order's dashboard page (Shipping tab), the
customer on their order page and in the cancellation e-mail.
"""

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.shipping.methods import NoShippingRequired, pickup_point_id

from . import statuses as s

Order = get_model("order", "Order")
ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventType = get_model("order", "ShippingEventType")
ShippingEventQuantity = get_model("order", "ShippingEventQuantity")

# --- how the order reaches the customer ------------------------------------------------------
DELIVERY = "delivery"
PICKUP = "pickup"
NOTHING_TO_SHIP = "nothing_to_ship"

#: Line statuses that make no sense for each kind of order.
UNFIT = {
    DELIVERY: {s.AT_POINT, s.PICKED_UP},
    PICKUP: {s.LINE_SHIPPED, s.DELIVERED},
    # A tourism service is neither packed nor sent: the producer confirms it, then marks it
    # provided (delivered) or cancels it.
    NOTHING_TO_SHIP: {s.PACKED, s.LINE_SHIPPED, s.AT_POINT, s.PICKED_UP},
}

#: The button that makes each move, as the producer says it.
ACTION_LABELS = {
    s.CONFIRMED: _("Confirm"),
    s.PACKED: _("Packed"),
    s.LINE_SHIPPED: _("Hand to the carrier"),
    s.AT_POINT: _("At the sales point"),
    s.PICKED_UP: _("Picked up"),
    s.DELIVERED: _("Delivered"),
    s.LINE_CANCELLED: _("Cancel"),
}

#: The shipping event type that carries a cancellation's reason.
CANCELLED_EVENT = "cancelled"
#: The longest reason kept (a sentence or two for the customer).
REASON_MAX_LENGTH = 500


def delivery_kind(order):
    """:data:`PICKUP`, :data:`NOTHING_TO_SHIP` or :data:`DELIVERY` (anything else travels to
    the shipping address)."""
    if pickup_point_id(order.shipping_code) is not None:
        return PICKUP
    if order.shipping_code == NoShippingRequired.code:
        return NOTHING_TO_SHIP
    return DELIVERY


#: Moves that only one kind of order makes: a service (a tour, a homestay night) is confirmed,
#: then provided — "delivered" — with nothing packed or sent; goods are delivered by the carrier.
ONLY_FOR = {(s.CONFIRMED, s.DELIVERED): NOTHING_TO_SHIP}


def moves(line, kind):
    """The statuses ``line`` may move to now, in an order of ``kind``."""
    return tuple(
        to
        for to in s.LINE_PIPELINE.get(line.status, ())
        if to not in UNFIT[kind] and ONLY_FOR.get((line.status, to), kind) == kind
    )


class Refused(Exception):
    """A move that is not made; the message says why, to the person who asked."""


def locked(order_id, lines):
    """The order and ``lines`` (a queryset), locked in that order until the transaction ends;
    the lines by primary key, each with the locked order as its ``order``."""
    order = Order.objects.select_for_update().get(pk=order_id)
    locked_lines = list(lines.filter(order_id=order_id).select_for_update().order_by("pk"))
    for line in locked_lines:
        line.order = order  # one instance: each move's roll-up sees the previous one's
    return order, locked_lines


def check(lines, seen, to, kind):
    """Refuse, before anything changes, unless every line is still in status ``seen`` (what
    the page showed) and may move to ``to`` in an order of ``kind``."""
    for line in lines:
        if line.status != seen:
            raise Refused(
                gettext("Nothing changed: “%(line)s” is now “%(status)s” (the page was out of date).")
                % {"line": line.title, "status": s.LINE_LABELS.get(line.status, line.status)}
            )
        if to not in moves(line, kind):
            raise Refused(
                gettext("Nothing changed: “%(line)s” cannot go from “%(from)s” to “%(to)s” in this order.")
                % {
                    "line": line.title,
                    "from": s.LINE_LABELS.get(line.status, line.status),
                    "to": s.LINE_LABELS.get(to, to),
                }
            )


def move(order, lines, to, reason=""):
    """Move the (locked and checked) ``lines`` of ``order`` to ``to``; a cancellation keeps its
    ``reason``."""
    with transaction.atomic():
        for line in lines:
            line.set_status(to)
        if to == s.LINE_CANCELLED:
            record_cancellation(order, lines, reason)


def record_cancellation(order, lines, reason):
    """Keep why ``lines`` of ``order`` were cancelled: one "cancelled" shipping event, Oscar's
    record of what happened to some lines (staff see it on the order's dashboard page)."""
    event_type, _created = ShippingEventType.objects.get_or_create(code=CANCELLED_EVENT, defaults={"name": "Cancelled"})
    event = ShippingEvent.objects.create(order=order, event_type=event_type, notes=reason)
    # bulk_create: Oscar's per-row check (no more of a line in events of one type than it holds)
    # would refuse a line that staff had already given a "cancelled" event by hand.
    ShippingEventQuantity.objects.bulk_create(
        ShippingEventQuantity(event=event, line=line, quantity=line.quantity) for line in lines
    )
    return event


def cancel_reasons(lines):
    """``{line id: reason}`` for the cancelled ones of ``lines`` (one query, none without any)."""
    cancelled = [line.pk for line in lines if line.status == s.LINE_CANCELLED]
    if not cancelled:
        return {}
    rows = (
        ShippingEventQuantity.objects.filter(line_id__in=cancelled, event__event_type__code=CANCELLED_EVENT)
        .order_by("event__date_created", "pk")
        .values_list("line_id", "event__notes")
    )
    return dict(rows)  # the latest reason of a line wins
