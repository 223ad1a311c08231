import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    """Oscar's payment, forked: card (Stripe), cash on delivery and VietQR bank transfer behind one interface (methods/)."""

    name = "marketplace.payment"
