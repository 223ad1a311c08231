import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    """Oscar's order, forked: one order, lines per producer; line statuses roll up to the order's (statuses.py);
    the e-mails that status changes call for (notifications.py); what a line's move does to stock (fulfilment.py)."""

    name = "marketplace.order"

    def ready(self):
        super().ready()
        from oscar.apps.order.signals import order_line_status_changed, order_status_changed

        from . import fulfilment, notifications

        order_status_changed.connect(notifications.status_changed, dispatch_uid="marketplace.order.notifications")
        order_line_status_changed.connect(fulfilment.line_status_changed, dispatch_uid="marketplace.order.fulfilment")
