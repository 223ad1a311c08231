"""Oscar's purchase strategy with the listing rule in front: a product that is not
listable (catalog/listing.py) cannot be bought, whatever its stock."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability
from oscar.apps.partner.strategy import Default as OscarDefault
from oscar.apps.partner.strategy import Selector as OscarSelector


class NotCertified(availability.Unavailable):
    code = "not_certified"
    message = _("No longer OCOP-certified")

    def __init__(self, reason):
        self.reason = reason
        self.message = reason  # shown on the basket line: why it cannot be bought


class Default(OscarDefault):
    def availability_policy(self, product, stockrecord):
        reason = product.why_not_listable()
        if reason:
            return NotCertified(reason)
        return super().availability_policy(product, stockrecord)


class Selector(OscarSelector):
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
