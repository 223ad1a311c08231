from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The sync from the national OCOP registry: its runs, where it resumes, its commands,
    nightly task and dashboard pages. It writes certificates through catalog.certification."""

    name = "catalog.registry"
    label = "registry"
    verbose_name = _("OCOP registry")

    def ready(self):
        from catalog.signals import listing_changed
        from marketplace import dbstats

        # A sync that changed the listing reshaped the data: the planner's statistics follow.
        listing_changed.connect(dbstats.listing_changed, dispatch_uid="registry-planner-statistics")
