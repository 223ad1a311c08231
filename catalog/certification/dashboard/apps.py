from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class CertificationDashboardConfig(OscarDashboardConfig):
    """Certificates staff should watch, in Oscar's dashboard (with CSV downloads)."""

    label = "certification_dashboard"
    name = "catalog.certification.dashboard"
    verbose_name = _("Certification dashboard")
    namespace = "certification-dashboard"
    default_permissions = ["is_staff"]

    def get_urls(self):
        from . import views

        return self.post_process_urls(
            [path("certificates/", views.CertificateWatchView.as_view(), name="certificates-to-watch")]
        )
