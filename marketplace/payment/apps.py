import oscar.apps.payment.apps as apps
from django.core import checks


class PaymentConfig(apps.PaymentConfig):
    """Oscar's payment, forked: card (Stripe), cash on delivery and VietQR transfer behind one interface."""

    name = "marketplace.payment"

    def ready(self):
        super().ready()
        from .methods.vietqr import check_account

        checks.register(check_account)
