"""Oscar's shipping methods, ours: home delivery (one parcel per producer, priced by zone and
weight), pickup at a sales point (free) and nothing to ship (tourism services). Which of them a
basket may use, and why not, is decided in rules.py; the repository offers what it says.

Amounts are integers of đồng, carried as Oscar prices with no tax.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping import methods
from oscar.core import prices
from oscar.templatetags.currency_filters import currency

from .rates import kg
from .zones import Zone

PICKUP_PREFIX = "pickup-"


def _price(basket, amount):
    return prices.Price(currency=basket.currency, excl_tax=Decimal(amount), tax=Decimal(0))


class NoShippingRequired(methods.NoShippingRequired):
    """A basket of tourism services only: nothing is shipped (Oscar offers this method itself
    when no line needs shipping)."""

    name = _("Nothing to ship")
    description = _("Your booking or voucher comes with the order confirmation.")


class HomeDelivery(methods.Base):
    """Each producer sends its own lines as one parcel; the price is the sum of the parcels'.
    ``parcels`` are :class:`rules.Parcel`; ``estimate`` is true while the delivery province is
    not known (then every parcel is priced as the farthest it may go)."""

    code = "home-delivery"
    name = _("Home delivery")
    is_pickup = False

    def __init__(self, parcels, estimate=False):
        self.parcels, self.estimate = parcels, estimate

    @property
    def amount(self):
        return sum(parcel.price for parcel in self.parcels)

    def calculate(self, basket):
        return _price(basket, self.amount)

    @property
    def description(self):
        if len(self.parcels) == 1:
            text = gettext("One parcel from the producer.")
        else:
            text = gettext("Each producer sends its own parcel: the delivery price is the sum of %(n)d deliveries.") % {
                "n": len(self.parcels)
            }
        details = "; ".join(
            gettext("%(producer)s (from %(province)s, %(kg)s kg, %(zone)s): %(price)s")
            % {
                "producer": parcel.producer,
                "province": parcel.origin or gettext("an unknown province"),
                "kg": kg(parcel.grams),
                "zone": Zone(parcel.zone).label,
                "price": currency(parcel.price, "VND"),
            }
            for parcel in self.parcels
        )
        text = f"{text} {details}."
        if self.estimate:
            text += " " + gettext("The price is final once you give the delivery address; it can only go down.")
        return text


class Pickup(methods.Base):
    """Collect the whole basket at ``point``, which holds every item in the quantity wanted; free.
    ``km`` is its distance from the shopper when known."""

    is_pickup = True

    def __init__(self, point, km=None):
        self.point, self.km = point, km
        self.code = f"{PICKUP_PREFIX}{point.pk}"

    @property
    def name(self):
        return gettext("Pickup at %(point)s") % {"point": self.point.name}

    @property
    def description(self):
        parts = [self.point.address or ""]
        if self.point.legacy_district:
            parts.append(str(self.point.legacy_district))
        if self.km is not None:
            parts.append(gettext("%(km)s km away") % {"km": formats.number_format(round(self.km, 1))})
        hours = self.point.hours_text
        if hours:
            parts.append(hours)
        parts.append(gettext("Free. Your items are set aside for you when you order."))
        return " · ".join(part for part in parts if part)

    def calculate(self, basket):
        return _price(basket, 0)


class Unavailable(methods.Base):
    """What the basket page shows when the basket, as it is, can be neither delivered nor picked
    up (rules.options says why); never offered at checkout."""

    code = "unavailable"
    name = _("No delivery possible for this basket")
    description = _("Some items cannot go together: see why and what to do.")
    is_pickup = False

    def calculate(self, basket):
        return _price(basket, 0)


def pickup_point_id(code):
    """The sales point's id in a pickup method's code ("pickup-12" → 12), or None."""
    if code and code.startswith(PICKUP_PREFIX) and code[len(PICKUP_PREFIX) :].isdigit():
        return int(code[len(PICKUP_PREFIX) :])
    return None
