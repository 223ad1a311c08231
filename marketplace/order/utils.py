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

A **gift combo** (catalog/combos/) becomes one order line per product in it, each sent by that
product's producer from its own online stock (locked, checked and allocated like any line), at
a share of the combo's price in proportion to the products' own prices; the combo's gift boxes
on offer go down by the quantity ordered. Combos are delivered, not picked up.

The same basket placed twice (a double click, two tabs) gives one order: the order number comes
from the basket, and the second placement, once the first's locks are released, finds the order
and raises :class:`AlreadyPlaced` with it.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator  # noqa: F401  (Oscar's, unchanged)
from oscar.core.loading import get_model

from catalog.combos.parts import parts_with_records, shares

from .notifications import OrderDispatcher  # noqa: F401  (the checkout's order e-mail, ours)

StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

#: The order line attribute that names the gift combo a line was ordered in.
COMBO_ATTRIBUTE = "combo"


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
        the point's shelf. A combo's parts are allocated on their producers' stock records, and
        its gift boxes leave its own stock at once (no order line is sent from it)."""
        if getattr(self, "_pickup", False):
            return
        if not line.product.is_combo:
            super().update_stock_records(line)
            return
        for part, record in self._combo_parts(line.product):
            if part.product.get_product_class().track_stock:
                record.allocate(line.quantity * part.quantity)
        if line.product.get_product_class().track_stock:
            line.stockrecord.allocate(line.quantity)
            line.stockrecord.consume_allocation(line.quantity)

    def _combo_parts(self, combo):
        """A combo's parts with their stock records, the same objects for one placement."""
        cache = self.__dict__.setdefault("_combo_cache", {})
        if combo.pk not in cache:
            cache[combo.pk] = parts_with_records(combo)
        return cache[combo.pk]

    def create_line_models(self, order, basket_line, extra_line_fields=None):
        if not basket_line.product.is_combo:
            return super().create_line_models(order, basket_line, extra_line_fields)
        return self.create_combo_lines(order, basket_line, extra_line_fields)

    def create_combo_lines(self, order, basket_line, extra_line_fields=None):
        """One order line per part of the combo: its producer, its stock record, its share of
        the combo's line price (with and without discounts), the combo named on the line."""
        combo, quantity = basket_line.product, basket_line.quantity
        parts = self._combo_parts(combo)
        weights = [int(record.price) * part.quantity for part, record in parts]
        columns = {
            "line_price_incl_tax": basket_line.line_price_incl_tax_incl_discounts,
            "line_price_excl_tax": basket_line.line_price_excl_tax_incl_discounts,
            "line_price_before_discounts_incl_tax": basket_line.line_price_incl_tax,
            "line_price_before_discounts_excl_tax": basket_line.line_price_excl_tax,
        }
        split = {name: shares(int(total), weights) for name, total in columns.items() if total is not None}
        extra = dict(extra_line_fields or {})
        extra.setdefault("status", getattr(settings, "OSCAR_INITIAL_LINE_STATUS", ""))
        lines = []
        for index, (part, record) in enumerate(parts):
            count = quantity * part.quantity
            prices = {name: Decimal(values[index]) for name, values in split.items()}
            incl, excl = prices.get("line_price_incl_tax"), prices.get("line_price_excl_tax")
            line = Line.objects.create(
                order=order,
                partner=record.partner,
                partner_name=record.partner.name,
                partner_sku=record.partner_sku,
                stockrecord=record,
                product=part.product,
                title=part.product.get_title(),
                upc=part.product.upc,
                quantity=count,
                unit_price_incl_tax=(incl / count).quantize(Decimal("0.01")) if incl is not None else None,
                unit_price_excl_tax=(excl / count).quantize(Decimal("0.01")) if excl is not None else None,
                tax_code=basket_line.tax_code,
                num_allocated=count,
                **prices,
                **extra,
            )
            line.prices.create(
                order=order,
                quantity=count,
                price_incl_tax=line.unit_price_incl_tax,
                price_excl_tax=line.unit_price_excl_tax,
                tax_code=basket_line.tax_code,
            )
            line.attributes.create(type=COMBO_ATTRIBUTE, value=f"{combo.get_title()} × {quantity}")
            lines.append(line)
        return lines[0]

    def check_lines(self, basket, online_stock=True):
        """Lock the basket's stock records and check each line again; raise with every problem.
        ``online_stock``: whether the producer's online stock must cover the quantities (not for
        a pickup, whose items come from the point)."""
        lines = list(basket.all_lines())
        combos = {line.product_id: self._combo_parts(line.product) for line in lines if line.product.is_combo}
        ids = {line.stockrecord_id for line in lines if line.stockrecord_id}
        ids |= {record.pk for parts in combos.values() for _part, record in parts if record is not None}
        locked = {sr.pk: sr for sr in StockRecord.objects.select_for_update().filter(pk__in=sorted(ids)).order_by("pk")}
        wanted = {}
        for line in lines:
            wanted[line.stockrecord_id] = wanted.get(line.stockrecord_id, 0) + line.quantity
            for part, record in combos.get(line.product_id, ()):
                if record is not None:
                    wanted[record.pk] = wanted.get(record.pk, 0) + line.quantity * part.quantity
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
            if product.is_combo and not online_stock:
                problems.append(_("%(title)s is a gift combo: it is delivered, not picked up.") % {"title": title})
                continue
            self._check_stock(problems, title, product, locked[record.pk], wanted, online_stock)
            for part, part_record in combos.get(product.pk, ()):
                part_title = _("%(part)s (in %(combo)s)") % {"part": part.product.get_title(), "combo": title}
                if part_record is None or part_record.price is None:
                    problems.append(_("%(title)s is no longer offered online.") % {"title": part_title})
                else:
                    self._check_stock(problems, part_title, part.product, locked[part_record.pk], wanted, online_stock)
            if line.price_incl_tax is not None and record.price is not None and line.price_incl_tax != record.price:
                problems.append(
                    _("The price of %(title)s has changed from %(old)s to %(new)s; please check your basket.")
                    % {"title": title, "old": _money(line.price_incl_tax), "new": _money(record.price)}
                )
        if problems:
            raise CannotPlaceOrder(problems)

    @staticmethod
    def _check_stock(problems, title, product, record, wanted, online_stock):
        """Whether ``record`` still covers what the basket wants of it (once per stock record)."""
        tracked = online_stock and product.get_product_class().track_stock
        free = record.net_stock_level if tracked else None
        if free is not None and wanted[record.pk] > free:
            problems.append(
                _("Only %(free)d of %(title)s are left; please change the quantity.")
                % {"free": max(free, 0), "title": title}
                if free > 0
                else _("%(title)s has just sold out.") % {"title": title}
            )
            wanted[record.pk] = 0  # report a shared stock record once
