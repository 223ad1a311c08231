import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked: a Vietnamese, phone-first checkout in VND for guests and customers."""

    name = "marketplace.checkout"
