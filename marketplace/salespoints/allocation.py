"""Reserving a sales point's stock for an online order to be picked up there.

An order placed for pickup at a point reserves its items on that point's shelf
(``PointStock.num_allocated``), so nobody else can buy them, there or online for pickup:
the purchase strategy's ``stock_at_points`` offers only what is ``available`` (in stock less
reserved). The rows are locked (``SELECT … FOR UPDATE``, in primary-key order so that two
orders never wait on each other) for the time of the check and the update, so two orders racing
for the last items at a point cannot both get them.

* :func:`allocate_at_point` — at order placement: all the lines or nothing, only products the
  strategy may sell there (listable, at an active point), else :class:`NotAvailableAtPoint`
  saying which items and how many are left.
* :func:`release_at_point` — the order or some of its lines are cancelled: the reservation is
  given back.
* :func:`consume_at_point` — the customer picked the items up: they leave the shelf and the
  reservation.

Release and consume act on the reservation that was made, whether or not the product is still
listable; ``lines`` are basket or order lines (anything with ``product_id`` and ``quantity``),
or ``(product id, quantity)`` pairs.
"""

from collections import Counter

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace import pagecache

from .models import PointStock


class NotAvailableAtPoint(Exception):
    """Some items are not available in the quantities wanted; ``shortages`` lists
    ``(product, wanted, available)``, and the message says it in words."""

    def __init__(self, point, shortages):
        self.point, self.shortages = point, shortages
        parts = [
            ngettext(
                "%(product)s: %(wanted)d wanted, %(available)d left",
                "%(product)s: %(wanted)d wanted, %(available)d left",
                wanted,
            )
            % {"product": product.title, "wanted": wanted, "available": max(available, 0)}
            for product, wanted, available in shortages
        ]
        super().__init__(_("Not enough at %(point)s: %(items)s.") % {"point": point.name, "items": "; ".join(parts)})


def _wanted(lines):
    """``{product id: quantity}`` from basket or order lines or (product id, quantity) pairs."""
    wanted = Counter()
    for line in lines:
        product_id, quantity = line if isinstance(line, tuple) else (line.product_id, line.quantity)
        if product_id is not None and quantity > 0:
            wanted[product_id] += quantity
    return wanted


def _locked(rows, point, product_ids):
    # of=("self",): lock the stock rows only, not the products, certificates and producers joined
    # by the listing rule (PostgreSQL; SQLite serialises writers anyway).
    return {
        row.product_id: row
        for row in rows.filter(point=point, product_id__in=product_ids)
        .select_related("product")
        .select_for_update(of=("self",))
        .order_by("pk")
    }


def allocate_at_point(point, lines, strategy=None, at=None):
    """Reserve ``lines`` at ``point``, all or nothing; raises :class:`NotAvailableAtPoint`."""
    from marketplace.producers.strategy import Default

    strategy = strategy or Default()
    wanted = _wanted(lines)
    with transaction.atomic():
        rows = _locked(strategy.stock_at_points(at), point, list(wanted))
        shortages = []
        for product_id, quantity in wanted.items():
            row = rows.get(product_id)
            if row is None or row.available < quantity:
                product = row.product if row else _product(product_id)
                shortages.append((product, quantity, row.available if row else 0))
        if shortages:
            raise NotAvailableAtPoint(point, shortages)
        for product_id, quantity in wanted.items():
            # Conditional as well as locked: a reservation never exceeds what is on the shelf.
            reserved = PointStock.objects.filter(pk=rows[product_id].pk, available__gte=quantity).update(
                num_allocated=F("num_allocated") + quantity
            )
            if not reserved:
                row = PointStock.objects.get(pk=rows[product_id].pk)
                raise NotAvailableAtPoint(point, [(row.product, quantity, row.available)])
        pagecache.bump()  # what the point has left shows on its page (update() sends no signal)


def release_at_point(point, lines):
    """Give back the reservation of ``lines`` at ``point`` (never below nothing reserved)."""
    wanted = _wanted(lines)
    with transaction.atomic():
        rows = _locked(PointStock.objects.all(), point, list(wanted))
        for product_id, quantity in wanted.items():
            if product_id in rows:
                PointStock.objects.filter(pk=rows[product_id].pk).update(
                    num_allocated=Greatest(F("num_allocated") - quantity, 0)
                )
        pagecache.bump()


def consume_at_point(point, lines):
    """The reserved ``lines`` were picked up: they leave the shelf and the reservation."""
    wanted = _wanted(lines)
    with transaction.atomic():
        rows = _locked(PointStock.objects.all(), point, list(wanted))
        for product_id, quantity in wanted.items():
            if product_id in rows:
                PointStock.objects.filter(pk=rows[product_id].pk).update(
                    num_allocated=Greatest(F("num_allocated") - quantity, 0),
                    num_in_stock=Greatest(F("num_in_stock") - quantity, 0),
                )
        pagecache.bump()


def _product(product_id):
    from oscar.core.loading import get_model

    return get_model("catalogue", "Product").objects.get(pk=product_id)
