import oscar.apps.dashboard.catalogue.apps as apps
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard, forked: every view a producer reaches asks the ownership rule
    (marketplace/producers/access.py), registry-owned fields are read-only, a certified product
    is never deleted, and bulk actions keep the search index current."""

    name = "marketplace.dashboard.catalogue"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        # Products come from the national registry: producers edit theirs, never create one.
        self.permissions_map["catalogue-product-create"] = DashboardPermission.get(
            "catalogue", "view_product", "add_product"
        )
