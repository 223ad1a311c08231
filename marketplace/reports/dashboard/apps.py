from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class ReportsDashboardConfig(OscarDashboardConfig):
    """The province's dashboard of figures, its printable report and its XLSX file (staff)."""

    label = "province_reports_dashboard"
    name = "marketplace.reports.dashboard"
    verbose_name = _("Province reports dashboard")
    namespace = "province-reports"
    default_permissions = ["is_staff"]

    def get_urls(self):
        from . import views

        return self.post_process_urls(views.urlpatterns)
