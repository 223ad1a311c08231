"""Placing an order without overselling, without selling what is no longer listed, and without
charging a price the shopper did not see.

Oscar's ``OrderCreator`` allocates stock by adding to ``num_allocated`` without looking at what
is left, and trusts the basket. Ours, in one transaction, first locks the stock records of the
basket (in primary-key order, so concurrent placements cannot deadlock), then checks every line
again — the listing rule, the stock still free, the price — and only then lets Oscar write the
order. Two shoppers racing for the last units: the second waits for the first's lock, then sees
what is left. Anything wrong raises :class:`CannotPlaceOrder` with every reason in words, and
nothing is written (nor charged: payment starts after placement).

An order to be **picked up at a sales point** takes its items from that point's shelf, not from
the producer's online stock: the point's stock is reserved in the same transaction
(:func:`marketplace.salespoints.allocation.allocate_at_point`, all or nothing, under row locks),
and the online stock records are neither checked for quantity nor allocated.

The same basket placed twice (a double click, two tabs) gives one order: the order number comes
from the basket, and the second placement, once the first's locks are released, finds the order
and raises :class:`AlreadyPlaced` with it.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401  (Oscar's, unchanged)
from oscar.core.loading import get_model

from .notifications import OrderDispatcher  # noqa: F401  (the checkout's order e-mail, ours)

StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")


class CannotPlaceOrder(ValueError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class AlreadyPlaced(Exception):
    """The basket was already placed as ``order`` (a second submission of the same checkout)."""

    def __init__(self, order):
        self.order = order
        super().__init__(f"order {order.number} is already placed")


def _money(amount):
    return f"{int(amount):,}".replace(",", ".") + " ₫"


def pickup_point(shipping_method):
    """The sales point a shipping method picks up at, or None for delivery."""
    return getattr(shipping_method, "point", None) if getattr(shipping_method, "is_pickup", False) else None


class OrderCreator(OscarOrderCreator):
    def place_order(self, basket, total, shipping_method, shipping_charge, order_number=None, **kwargs):
        from marketplace.salespoints.allocation import NotAvailableAtPoint, allocate_at_point

        point = pickup_point(shipping_method)
        with transaction.atomic():
            try:
                self.check_lines(basket, online_stock=point is None)
            finally:  # once the locks are held: placed meanwhile by the same basket's other request?
                existing = Order.objects.filter(number=order_number).first() if order_number else None
                if existing is not None:
                    raise AlreadyPlaced(existing)
            self._pickup = point is not None
            if point is not None:
                try:
                    strategy = getattr(basket, "strategy", None)
                    if not hasattr(strategy, "stock_at_points"):
                        strategy = None  # a basket priced by another strategy: the site's decides
                    allocate_at_point(point, basket.all_lines(), strategy=strategy)
                except NotAvailableAtPoint as shortage:
                    raise CannotPlaceOrder([str(shortage)]) from shortage
            return super().place_order(
                basket, total, shipping_method, shipping_charge, order_number=order_number, **kwargs
            )

    def update_stock_records(self, line):
        """Online stock is allocated for delivery only: a pickup order's items were reserved on
        the point's shelf."""
        if not getattr(self, "_pickup", False):
            super().update_stock_records(line)

    def check_lines(self, basket, online_stock=True):
        """Lock the basket's stock records and check each line again; raise with every problem.
        ``online_stock``: whether the producer's online stock must cover the quantities (not for
        a pickup, whose items come from the point)."""
        lines = list(basket.all_lines())
        ids = sorted({line.stockrecord_id for line in lines if line.stockrecord_id})
        locked = {sr.pk: sr for sr in StockRecord.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        wanted = {}
        for line in lines:
            wanted[line.stockrecord_id] = wanted.get(line.stockrecord_id, 0) + line.quantity
        problems = []
        for line in lines:
            product, title = line.product, line.product.get_title()
            reason = product.why_not_listable()
            if reason:
                problems.append(_("%(title)s can no longer be sold: %(reason)s") % {"title": title, "reason": reason})
                continue
            record = locked.get(line.stockrecord_id)
            if record is None:
                problems.append(_("%(title)s is no longer offered online.") % {"title": title})
                continue
            tracked = online_stock and product.get_product_class().track_stock
            free = record.net_stock_level if tracked else None
            if free is not None and wanted[line.stockrecord_id] > free:
                problems.append(
                    _("Only %(free)d of %(title)s are left; please change the quantity.")
                    % {"free": max(free, 0), "title": title}
                    if free > 0
                    else _("%(title)s has just sold out.") % {"title": title}
                )
                wanted[line.stockrecord_id] = 0  # report a shared stock record once
            if line.price_incl_tax is not None and record.price is not None and line.price_incl_tax != record.price:
                problems.append(
                    _("The price of %(title)s has changed from %(old)s to %(new)s; please check your basket.")
                    % {"title": title, "old": _money(line.price_incl_tax), "new": _money(record.price)}
                )
        if problems:
            raise CannotPlaceOrder(problems)
