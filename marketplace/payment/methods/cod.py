"""Cash on delivery (thanh toán khi nhận hàng): still the first choice of most Vietnamese
shoppers. Nothing to do at checkout; the order proceeds at once, and the money is recorded
when the carrier or the sales point hands it over. Large orders are refused above
``settings.COD_LIMIT`` đồng (carriers cap what they carry in cash)."""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from . import PaymentMethod


class CashOnDelivery(PaymentMethod):
    code = "cod"
    label = _("Cash on delivery")
    description = _("Pay in cash when you receive the order or pick it up.")
    paid_upfront = False

    def unavailable_reason(self, total, shipping_address=None):
        limit = settings.COD_LIMIT
        if limit and total > limit:
            return _("Cash on delivery is possible up to %(limit)s ₫; please pay by card or transfer.") % {
                "limit": intcomma(limit).replace(",", ".")
            }
        return ""
