from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class ProducersDashboardConfig(OscarDashboardConfig):
    """The producer's own area (``/dashboard/shop/``), made for a phone: its products with their
    certificates, photos, prices and stock, and its notices. Every view scopes its objects by the
    ownership rule (marketplace/producers/access.py); staff reach every producer's."""

    label = "producers_dashboard"
    name = "marketplace.producers.dashboard"
    verbose_name = _("Producer area")
    namespace = "producers-dashboard"
    default_permissions = (["is_staff"], ["partner.dashboard_access"])

    def get_urls(self):
        from . import views

        return self.post_process_urls(views.urlpatterns)
