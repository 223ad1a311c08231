from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class SalesPointsDashboardConfig(OscarDashboardConfig):
    """Staff manage sales points and their stock, download and upload the provinces' files
    (transfer.py) and follow the coverage of the districts (coverage views)."""

    label = "salespoints_dashboard"
    name = "marketplace.salespoints.dashboard"
    verbose_name = _("Sales points dashboard")
    namespace = "salespoints-dashboard"
    default_permissions = ["is_staff"]

    def get_urls(self):
        from . import transfer, views

        return self.post_process_urls(views.urlpatterns + transfer.urlpatterns)
