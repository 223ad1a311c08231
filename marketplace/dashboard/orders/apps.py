import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's orders dashboard, forked to keep producers out: it shows a partner's user whole
    orders, other producers' lines, customers and totals included. Staff only, until producers
    get a view of their own order lines (``access.order_lines_for``)."""

    name = "marketplace.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        # Oscar grants each view to (model permissions) or (partner dashboard access): keep the first.
        self.permissions_map = {
            name: permissions[0] if isinstance(permissions, tuple) else permissions
            for name, permissions in self.permissions_map.items()
        }
