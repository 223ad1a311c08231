"""Oscar's purchase strategy with the listing rule in front — the one place that says what can
be bought, and where:

* online, from the producer's own stock (Oscar's stock records): a product that is not
  listable (catalog/listing.py) cannot be bought, whatever its stock;
* in person, at a sales point (``stock_at_points``): only listable products available at an
  active point (on the shelf and not reserved for an order to be picked up there), so a
  delisted product disappears from every point at once.
"""

from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability
from oscar.apps.partner.strategy import Default as OscarDefault
from oscar.apps.partner.strategy import Selector as OscarSelector

from catalog.listing import listable_q


class NotCertified(availability.Unavailable):
    code = "not_certified"
    message = _("No longer OCOP-certified")

    def __init__(self, reason):
        self.reason = reason
        self.message = reason  # shown on the basket line: why it cannot be bought


class PartSoldOut(availability.Unavailable):
    """A gift combo one of whose products cannot be sent now (catalog/combos)."""

    code = "part_sold_out"

    def __init__(self, title):
        self.message = _("Out of stock: %(title)s, in this gift combo, has sold out online.") % {"title": title}


class AtPoints:
    """Where products can be bought in person: a mixin for strategies."""

    def stock_at_points(self, at=None):
        """The sales-point stock that may be shown as available: listable products, available
        (``num_in_stock`` less what is reserved for orders, ``num_allocated``), at active points.
        Narrow it with ``.filter(product=…)`` or ``.filter(point=…)``; a row's ``available`` is
        the quantity that may be sold."""
        from marketplace.salespoints.models import PointStock

        return PointStock.objects.filter(
            listable_q(at, prefix="product__"), available__gt=0, point__is_active=True, product__parent=None
        )


class Default(AtPoints, OscarDefault):
    def fetch_for_line(self, line, stockrecord=None):
        """A basket line is sold from its own stock record (Oscar's looks one up again per line)."""
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)

    def availability_policy(self, product, stockrecord):
        reason = product.why_not_listable()
        if reason:
            return NotCertified(reason)
        if product.is_combo and stockrecord is not None:
            from catalog.combos.parts import short_part

            missing = short_part(product)
            if missing:
                return PartSoldOut(missing)
        return super().availability_policy(product, stockrecord)


class Selector(OscarSelector):
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
