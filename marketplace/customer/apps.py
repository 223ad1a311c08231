import oscar.apps.customer.apps as apps
from django.utils.translation import gettext_lazy as _


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked: logging out takes a POST, and registering does not tell
    whether an e-mail address already has an account (views.py, forms.py, mixins.py)."""

    name = "marketplace.customer"
    verbose_name = _("Customer")
