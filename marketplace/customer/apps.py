import oscar.apps.customer.apps as apps
from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked: logging out takes a POST, and registering does not tell
    whether an e-mail address already has an account (views.py, forms.py, mixins.py). The order
    pages (a guest's tracking link, a customer's orders) show where an order stands, and an order
    that waits for its payment has a page to pay it (``…/pay/``)."""

    name = "marketplace.customer"
    verbose_name = _("Customer")

    def ready(self):
        super().ready()
        self.anon_order_pay_view = get_class("customer.views", "AnonymousOrderPayView")
        self.order_pay_view = get_class("customer.views", "CustomerOrderPayView")

    def get_urls(self):
        return [
            re_path(
                r"^order-status/(?P<order_number>[\w-]*)/(?P<hash>[A-z0-9-_=:]+)/pay/$",
                self.anon_order_pay_view.as_view(),
                name="anon-order-pay",
            ),
            path("orders/<str:order_number>/pay/", login_required(self.order_pay_view.as_view()), name="order-pay"),
            *super().get_urls(),
        ]
