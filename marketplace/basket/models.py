from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's cached lines, with what the purchase strategy (the listing rule: certificate,
        producer; the product class) and the delivery rules read of each, in the same query,
        so that a basket page or checkout step costs the same queries for 1 line or 20."""
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__certificate",
                    "product__producer",
                    "product__product_class",
                    "product__parent__product_class",
                    "stockrecord__partner",
                )
                .prefetch_related("attributes", "product__images")
                .order_by(self._meta.pk.name)
            )
        return self._lines

    def add_product(self, product, quantity=1, options=None):
        """Oscar's ``add_product``, with an existing line's quantity raised by the database.

        Oscar reads the line, adds in Python and saves, so two requests adding to one line at the
        same moment (two tabs, a double tap) both write "old + 1" and a unit is lost. Here the line
        is created once (a concurrent creator hits the line's unique reference and gets the row
        instead, in ``get_or_create``) and every other add runs ``quantity = quantity + n``.
        """
        options = options or []
        if not self.id:
            self.save()
        stock_info = self.get_stock_info(product, options)
        if not stock_info.price.exists:
            raise ValueError(f"Strategy hasn't found a price for product {product}")
        if self.currency and stock_info.price.currency != self.currency:
            raise ValueError(
                f"Basket lines must all have the same currency. Proposed line has currency "
                f"{stock_info.price.currency}, while basket has currency {self.currency}"
            )
        if stock_info.stockrecord is None:
            raise ValueError(f"Basket lines must all have stock records. None found for product {product}")

        defaults = {
            "quantity": max(0, quantity),
            "price_excl_tax": stock_info.price.excl_tax,
            "price_currency": stock_info.price.currency,
            "tax_code": stock_info.price.tax_code,
        }
        if stock_info.price.is_tax_known:
            defaults["price_incl_tax"] = stock_info.price.incl_tax
        line, created = self.lines.get_or_create(
            line_reference=self._create_line_reference(product, stock_info.stockrecord, options),
            product=product,
            stockrecord=stock_info.stockrecord,
            defaults=defaults,
        )
        if created:
            for option in options:
                line.attributes.create(option=option["option"], value=option["value"])
        else:
            if not self.can_be_edited:
                raise PermissionDenied(_("You cannot modify a %s basket") % (self.status.lower(),))
            self.lines.filter(pk=line.pk).update(
                quantity=Greatest(F("quantity") + quantity, 0), date_updated=timezone.now()
            )
            line.refresh_from_db(fields=["quantity", "date_updated"])
        self.reset_offer_applications()
        return line, created


from oscar.apps.basket.models import *  # noqa: E402, F403  (Oscar's other basket models)
