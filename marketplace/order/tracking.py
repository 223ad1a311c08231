"""What a shopper sees on their order's page — the guest's tracking link and a customer's order
in their account show the same thing (``oscar/customer/order/_order.html``).

:func:`with_details` loads an order with everything its page shows in a fixed number of queries
(whatever the number of lines, producers or parcels); :func:`tracking` arranges it: the status
and what happens next, the lines grouped by producer with each producer's parcels (carrier,
tracking number; a cancelled line with the producer's reason), the delivery (the address, or
the sales point to collect from) and the payment (the method, whether it is paid, and whether it
can be paid now).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.payment import methods
from marketplace.payment.records import is_paid
from marketplace.salespoints.models import SalesPoint
from marketplace.shipping.methods import pickup_point_id

from . import statuses as s
from .models import Shipment
from .moves import cancel_reasons

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")

HOME_DELIVERY = "home-delivery"
#: Payment methods whose form the order page draws itself while the payment is awaited (a bank
#: transfer's QR code is made here); the others (the card, which asks Stripe) are on its pay page.
INLINE_PAYMENT = {"vietqr"}

#: What happens next, by the order's status (``PAYMENT_NEXT`` while a payment is awaited).
NEXT_STEPS = {
    s.PLACED: _(
        "The producers have your order: each confirms its items and prepares them. This page shows how far they are."
    ),
    s.IN_PROGRESS: _(
        "The producers are preparing your items. Each producer sends its own parcel: "
        "its carrier and tracking number appear here when it leaves."
    ),
    s.SHIPPED: _("Your parcels are on their way: follow each one with its carrier and tracking number below."),
    s.COMPLETED: _("Your order is complete. Thank you for buying certified OCOP products!"),
    s.CANCELLED: _(
        "This order has been cancelled. If you had already paid for it, we refund you; "
        "contact us if you have a question."
    ),
}
PICKUP_NEXT_STEPS = {
    s.IN_PROGRESS: _(
        "The producers are preparing your items for the sales point. "
        "This page says when they are waiting for you there."
    ),
    s.READY_FOR_PICKUP: _(
        "Your items are waiting for you at the sales point below: give your order number when you collect them."
    ),
}
PAYMENT_NEXT = {
    "card": _(
        "We are waiting for your card payment: pay below. "
        "The producers start preparing your order as soon as it is received."
    ),
    "vietqr": _(
        "We are waiting for your bank transfer. When the money arrives (usually within one working day) "
        "we confirm your order and the producers prepare it."
    ),
}
PAYMENT_NEXT_OTHER = _(
    "We are waiting for your payment. The producers start preparing your order as soon as it is received."
)
COD_NOTE = _("You pay in cash when you receive the order.")
COD_PICKUP_NOTE = _("You pay in cash at the sales point.")


def with_details(queryset):
    """``queryset`` of orders with what their page shows, in a constant number of queries."""
    lines = Line.objects.select_related("partner", "product").prefetch_related(
        Prefetch("shipments", queryset=Shipment.objects.order_by("shipped_on", "pk"))
    )
    return queryset.select_related("shipping_address").prefetch_related(
        Prefetch("lines", queryset=lines.order_by("partner_name", "pk")),
        Prefetch("sources", queryset=Source.objects.select_related("source_type").order_by("pk")),
    )


@dataclass
class ProducerLines:
    """One producer's lines of the order and the parcels it has sent (each with the titles of the
    lines it carries when the producer sent more than one)."""

    name: str
    producer: object
    lines: list = field(default_factory=list)
    shipments: list = field(default_factory=list)

    @property
    def unsent(self):
        """Whether some of these lines are still to be sent (neither sent nor cancelled)."""
        return any(line.status in (s.NEW, s.CONFIRMED, s.PACKED) for line in self.lines)


@dataclass
class Payment:
    code: str
    label: str
    paid: bool
    refunded: int
    upfront: bool
    #: The order waits for this payment and the shopper may make it now (card or transfer).
    payable: bool = False


def producer_groups(order):
    reasons = cancel_reasons(order.lines.all())  # a query only when a line is cancelled
    groups = {}
    for line in order.lines.all():
        line.cancel_reason = reasons.get(line.pk, "")
        key = line.partner_id or line.partner_name
        group = groups.get(key)
        if group is None:
            group = groups[key] = ProducerLines(line.partner_name or str(line.partner or ""), line.partner)
        group.lines.append(line)
        for shipment in line.shipments.all():
            if shipment not in group.shipments:
                shipment.titles = []
                group.shipments.append(shipment)
            group.shipments[group.shipments.index(shipment)].titles.append(line.title)
    for group in groups.values():
        group.shipments.sort(key=lambda shipment: (shipment.shipped_on, shipment.pk))
    return list(groups.values())


def payment(order):
    """The order's payment method (its payment source) and where the payment stands; None for an
    order that names no method."""
    sources = list(order.sources.all())
    if not sources:
        return None
    code = sources[0].source_type.code
    try:
        method = methods.get(code)
    except KeyError:  # a method no longer configured: shown by its name, not payable here
        method = None
    paid = is_paid(order)
    upfront = method.paid_upfront if method else True
    return Payment(
        code=code,
        label=method.label if method else sources[0].source_type.name,
        paid=paid,
        refunded=int(sum((source.amount_refunded for source in sources), Decimal(0))),
        upfront=upfront,
        payable=bool(method) and upfront and not paid and order.status == s.AWAITING_PAYMENT,
    )


def pickup_point(order):
    """The sales point an order is to be collected from, or None (home delivery, or a point since removed)."""
    point_id = pickup_point_id(order.shipping_code)
    if point_id is None:
        return None
    points = SalesPoint.objects.select_related("legacy_district", "legacy_province").prefetch_related("hours")
    return points.filter(pk=point_id).first()


def next_step(order, point, pay):
    """What happens next, in a sentence or two, for the order's status."""
    status = order.status
    if status == s.AWAITING_PAYMENT:
        return PAYMENT_NEXT.get(pay.code, PAYMENT_NEXT_OTHER) if pay else PAYMENT_NEXT_OTHER
    text = (PICKUP_NEXT_STEPS.get(status) if point else None) or NEXT_STEPS.get(status, "")
    if text and pay and not pay.upfront and not pay.paid and status not in (s.COMPLETED, s.CANCELLED):
        return f"{text} {COD_PICKUP_NOTE if point else COD_NOTE}"
    return text


def tracking(order):
    """The context of an order's page (the order loaded by :func:`with_details`)."""
    point = pickup_point(order)
    pay = payment(order)
    return {
        "order": order,
        "producer_groups": producer_groups(order),
        "pickup_point": point,
        "home_delivery": order.shipping_code == HOME_DELIVERY,
        "payment": pay,
        "next_step": next_step(order, point, pay),
    }
