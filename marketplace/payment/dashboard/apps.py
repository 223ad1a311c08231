from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class PaymentDashboardConfig(OscarDashboardConfig):
    """Staff follow the bank transfers: the orders waiting for one, marking one paid by hand,
    and importing the bank statement to record the transfers that match (views.py)."""

    label = "payment_dashboard"
    name = "marketplace.payment.dashboard"
    verbose_name = _("Payments dashboard")
    namespace = "payment-dashboard"
    default_permissions = ["is_staff"]

    def get_urls(self):
        from . import views

        return self.post_process_urls(views.urlpatterns)
