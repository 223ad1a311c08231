import oscar.apps.dashboard.orders.apps as apps
from django.urls import path


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's orders dashboard, forked to keep producers out: it shows a partner's user whole
    orders, other producers' lines, customers and totals included. Staff only; producers see
    their own order lines at ``order-lines`` (``access.order_lines_for``) and move them on with
    ``order-line-move`` (POST). Staff also refund card payments from an order's page
    (``order-card-refund``)."""

    name = "marketplace.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        # Oscar grants each view to (model permissions) or (partner dashboard access): keep the first.
        self.permissions_map = {
            name: permissions[0] if isinstance(permissions, tuple) else permissions
            for name, permissions in self.permissions_map.items()
        }
        # Giving money back: staff who may change orders.
        self.permissions_map["order-card-refund"] = ["is_staff", "order.change_order"]
        # A producer's own lines (the ownership rule scopes them): staff, or partner dashboard users.
        self.permissions_map["order-lines"] = (["is_staff"], ["partner.dashboard_access"])
        self.permissions_map["order-line-move"] = self.permissions_map["order-lines"]

    def get_urls(self):
        from .views import CardRefundView, OrderLineMoveView, OrderLinesView

        return (
            self.post_process_urls(
                [
                    path("lines/", OrderLinesView.as_view(), name="order-lines"),
                    path("lines/move/", OrderLineMoveView.as_view(), name="order-line-move"),
                    path("<str:number>/card-refund/", CardRefundView.as_view(), name="order-card-refund"),
                ]
            )
            + super().get_urls()
        )
