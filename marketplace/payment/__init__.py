default_app_config = "marketplace.payment.apps.PaymentConfig"
