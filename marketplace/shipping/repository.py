"""Oscar's shipping repository, ours: it offers the methods that the delivery rules
(rules.py) allow for the basket and the delivery address. Oscar's checkout and basket load it
with ``get_class("shipping.repository", "Repository")``."""

from oscar.apps.shipping import repository

from marketplace.adminunits.models import Commune
from marketplace.salespoints import geo

from . import rules
from .methods import Unavailable


def address_province(address):
    """The current province of a shipping address, when it carries one (``province``: a
    Province or its GSO code); None otherwise."""
    return rules.as_province(getattr(address, "province", None)) if address is not None else None


def address_location(address, basket):
    """Where a shipping address is, as (lat, lng): its commune's centre, or None (no commune,
    or one without coordinates). Looked up once per commune and basket."""
    commune_id = getattr(address, "commune_id", None) if address is not None else None
    if not commune_id:
        return None
    known = basket.__dict__.setdefault("_commune_locations", {})
    if commune_id not in known:
        row = Commune.objects.filter(pk=commune_id).values_list("latitude", "longitude").first()
        known[commune_id] = tuple(row) if row and None not in row else None
    return known[commune_id]


class Repository(repository.Repository):
    def options(self, basket, shipping_addr=None, request=None, province=None, origin=None, **kwargs):
        """The delivery rules' answer (rules.Options) for ``basket``: ``province`` or the
        address's, and where the shopper is to rank points and say how far they are: the
        location they shared (the locator's cookie), else their address's commune."""
        if origin is None and request is not None:
            origin = geo.parse_location(request.COOKIES.get(geo.COOKIE))
        if origin is None:
            origin = address_location(shipping_addr, basket)
        strategy = getattr(basket, "strategy", None) or getattr(request, "strategy", None)
        province = province or address_province(shipping_addr)
        # Asked several times per page (the basket's totals, its delivery notes, a checkout
        # step's pre-conditions): worked out once per basket contents, place and location.
        lines = tuple((line.pk, line.quantity) for line in basket.all_lines())
        key = (lines, getattr(province, "pk", province), origin)
        cache = basket.__dict__.setdefault("_delivery_options", {})
        if key not in cache:
            cache[key] = rules.options(basket, province, origin=origin, strategy=strategy)
        return cache[key]

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        return self.options(basket, shipping_addr, **kwargs).methods

    def get_default_shipping_method(self, basket, shipping_addr=None, **kwargs):
        """The first method possible; :class:`Unavailable` when there is none, so the basket
        page can still say why (Oscar would raise ImproperlyConfigured)."""
        methods = self.get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs)
        return methods[0] if methods else Unavailable()

    def find_by_code(self, code, basket, shipping_addr=None, **kwargs):
        """The method of ``code`` still possible for ``basket``, or None."""
        for method in self.get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs):
            if method.code == code:
                return method
        return None
