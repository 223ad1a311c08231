from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class RegistryDashboardConfig(OscarDashboardConfig):
    """The registry sync's pages in Oscar's dashboard: every run, and each run's details."""

    label = "registry_dashboard"
    name = "catalog.registry.dashboard"
    verbose_name = _("Registry dashboard")
    namespace = "registry-dashboard"
    default_permissions = ["is_staff"]

    def get_urls(self):
        from . import views

        return self.post_process_urls(
            [
                path("sync/", views.SyncRunListView.as_view(), name="registry-sync-runs"),
                path("sync/<int:pk>/", views.SyncRunDetailView.as_view(), name="registry-sync-run"),
            ]
        )
