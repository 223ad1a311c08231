import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping, forked: delivery by zone and weight, pickup at a sales point, services that ship nothing."""

    name = "marketplace.shipping"
