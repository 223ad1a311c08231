"""Order and line statuses, and how a multi-producer order's status rolls up from its lines.

One order holds the lines of several producers; each producer moves only its own lines
(confirm, pack, hand to the carrier, mark picked up, or cancel with a reason). The order's own
status follows from its payment and from all its lines (:func:`rolled_up`), so nobody sets it
by hand and it never contradicts the lines. Statuses are stored as these English codes and
shown translated (:data:`ORDER_LABELS`, :data:`LINE_LABELS`).
"""

from django.utils.translation import gettext_lazy as _

# --- the order -----------------------------------------------------------------------------
AWAITING_PAYMENT = "awaiting_payment"  # card or transfer chosen, money not yet received
PLACED = "placed"  # cash on delivery, or paid: the producers may start
IN_PROGRESS = "in_progress"  # some lines confirmed, packed or on their way
READY_FOR_PICKUP = "ready_for_pickup"  # every open line waits at the sales point
SHIPPED = "shipped"  # every open line is with the carrier
COMPLETED = "completed"  # every line delivered, picked up or cancelled (not all cancelled)
CANCELLED = "cancelled"  # every line cancelled

ORDER_LABELS = {
    AWAITING_PAYMENT: _("Awaiting payment"),
    PLACED: _("Placed"),
    IN_PROGRESS: _("Being prepared"),
    READY_FOR_PICKUP: _("Ready for pickup"),
    SHIPPED: _("Shipped"),
    COMPLETED: _("Completed"),
    CANCELLED: _("Cancelled"),
}

# --- a line (one producer's product) ---------------------------------------------------------
NEW = "new"
CONFIRMED = "confirmed"
PACKED = "packed"
LINE_SHIPPED = "shipped"
DELIVERED = "delivered"
AT_POINT = "at_point"  # waiting at the sales point for the customer
PICKED_UP = "picked_up"
LINE_CANCELLED = "cancelled"

LINE_LABELS = {
    NEW: _("New"),
    CONFIRMED: _("Confirmed"),
    PACKED: _("Packed"),
    LINE_SHIPPED: _("Handed to the carrier"),
    DELIVERED: _("Delivered"),
    AT_POINT: _("Waiting at the sales point"),
    PICKED_UP: _("Picked up"),
    LINE_CANCELLED: _("Cancelled"),
}

#: What a producer may do next with a line in each status (Oscar's line pipeline).
LINE_PIPELINE = {
    NEW: (CONFIRMED, LINE_CANCELLED),
    CONFIRMED: (PACKED, DELIVERED, LINE_CANCELLED),  # → delivered: a service, once provided (moves.py)
    PACKED: (LINE_SHIPPED, AT_POINT, LINE_CANCELLED),
    LINE_SHIPPED: (DELIVERED,),
    AT_POINT: (PICKED_UP, LINE_CANCELLED),
    DELIVERED: (),
    PICKED_UP: (),
    LINE_CANCELLED: (),
}
#: Lines a buyer has received: only they allow a "verified purchase" review.
RECEIVED = (DELIVERED, PICKED_UP)
FINISHED = (DELIVERED, PICKED_UP, LINE_CANCELLED)


def rolled_up(line_statuses, paid):
    """The order's status from its lines' statuses and whether it may proceed (paid, or cash on
    delivery): the rule in one place."""
    statuses = list(line_statuses)
    if statuses and all(s == LINE_CANCELLED for s in statuses):
        return CANCELLED
    if not paid:
        return AWAITING_PAYMENT
    open_lines = [s for s in statuses if s != LINE_CANCELLED]
    if all(s in FINISHED for s in open_lines):
        return COMPLETED
    if all(s == NEW for s in open_lines):
        return PLACED
    if all(s in (AT_POINT, PICKED_UP) for s in open_lines):
        return READY_FOR_PICKUP
    if all(s in (LINE_SHIPPED, DELIVERED) for s in open_lines):
        return SHIPPED
    return IN_PROGRESS


def refresh(order):
    """Set ``order``'s status to what its lines and payment say (:func:`rolled_up`), through
    Oscar's ``set_status`` (which records the change and sends ``order_status_changed``); returns
    the status. Called when an order is placed, when money is recorded, and when a line moves."""
    from marketplace.payment.records import may_proceed

    status = rolled_up(order.lines.values_list("status", flat=True), may_proceed(order))
    if order.status != status:
        order.set_status(status)
    return status
