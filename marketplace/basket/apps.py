import oscar.apps.basket.apps as apps
from django.utils.translation import gettext_lazy as _


class BasketConfig(apps.BasketConfig):
    """Oscar's basket app, forked: adding to a basket line is one atomic increment."""

    name = "marketplace.basket"
    verbose_name = _("Basket")
