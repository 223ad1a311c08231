import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    """Oscar's payment, forked: card (Stripe), cash on delivery and VietQR transfer behind one interface."""

    name = "marketplace.payment"
