"""What a line's move through its pipeline does to the stock and to the order.

A producer (or staff for them) moves each of its lines with Oscar's ``Line.set_status``
(statuses.LINE_PIPELINE). Oscar sends ``order_line_status_changed``; :func:`line_status_changed`
then, in the same transaction:

* gives the stock back when a line is cancelled — the producer's online stock for a delivery,
  the point's reservation for a pickup;
* takes the items off the stock when they leave — handed to the carrier (online stock), or
  picked up at the point (the point's shelf);
* sets the order's status from all its lines (:func:`statuses.refresh`), which sends the
  customer the e-mail the new status calls for (notifications.py).
"""

import logging

from django.db import transaction
from oscar.apps.partner.exceptions import InvalidStockAdjustment

from marketplace.salespoints.allocation import consume_at_point, release_at_point
from marketplace.salespoints.models import SalesPoint
from marketplace.shipping.methods import pickup_point_id

from . import statuses

logger = logging.getLogger(__name__)


def pickup_point_of(order):
    """The sales point the order is picked up at, or None for a delivery."""
    point_id = pickup_point_id(order.shipping_code)
    return SalesPoint.objects.filter(pk=point_id).first() if point_id else None


def line_status_changed(sender, line, old_status, new_status, **kwargs):
    with transaction.atomic():
        order = line.order
        point = pickup_point_of(order)
        if point is not None:
            if new_status == statuses.LINE_CANCELLED:
                release_at_point(point, [line])
            elif new_status == statuses.PICKED_UP:
                consume_at_point(point, [line])
        elif line.stockrecord_id and line.product.get_product_class().track_stock:
            record = line.stockrecord
            try:
                if new_status == statuses.LINE_CANCELLED and old_status != statuses.LINE_SHIPPED:
                    record.cancel_allocation(line.quantity)
                elif new_status == statuses.LINE_SHIPPED:
                    record.consume_allocation(line.quantity)
            except InvalidStockAdjustment:
                # An allocation already changed by hand in the dashboard: the line moves on, and
                # the stock is for the producer to correct.
                logger.warning("Order %s line %s: stock record %s not adjusted", order.number, line.pk, record.pk)
        statuses.refresh(order)
