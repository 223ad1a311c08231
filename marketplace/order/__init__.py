default_app_config = "marketplace.order.apps.OrderConfig"
