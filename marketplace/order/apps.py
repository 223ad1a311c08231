import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    """Oscar's order, forked: one order, lines per producer; line statuses roll up to the order's (statuses.py)."""

    name = "marketplace.order"
