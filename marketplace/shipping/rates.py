"""What a parcel weighs and what its delivery costs (settings.SHIPPING_RATES and
settings.SHIPPING_DEFAULT_WEIGHT_GRAMS; amounts are integers of đồng)."""

import math

from django.conf import settings
from django.utils import formats

from catalog.catalogue.classification import parent_code


def default_weight(code):
    """The weight of one item of classification ``code`` ("I.2.b") that has none of its own:
    the most specific entry of settings.SHIPPING_DEFAULT_WEIGHT_GRAMS that matches."""
    defaults = settings.SHIPPING_DEFAULT_WEIGHT_GRAMS
    while code:
        if code in defaults:
            return defaults[code]
        code = parent_code(code)
    return defaults[""]


def weight_of(product):
    """Grams of one item as packed: the product's own ``weight_grams``, else its group's default
    (uses ``product.subgroup`` and ``product.group``, select them with the product)."""
    if product.weight_grams is not None:
        return product.weight_grams
    category = product.subgroup or product.group
    return default_weight(category.code if category else "")


def price(zone, grams):
    """The delivery price of one parcel of ``grams`` in ``zone`` (a zones.Zone value)."""
    rate = settings.SHIPPING_RATES[zone]
    bands = sorted(rate["bands"])
    for up_to, amount in bands:
        if grams <= up_to:
            return amount
    last_up_to, last_amount = bands[-1]
    return last_amount + math.ceil((grams - last_up_to) / 1000) * rate["per_extra_kg"]


def kg(grams):
    """A weight as shoppers read it: "1,25" (kg), in the active language's format."""
    return formats.number_format(round(grams / 1000, 2))
