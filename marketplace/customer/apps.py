import oscar.apps.customer.apps as apps
from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked: logging out takes a POST, and registering does not tell
    whether an e-mail address already has an account (views.py, forms.py, mixins.py). The order
    pages (a guest's tracking link, a customer's orders) show where an order stands, and an order
    that waits for its payment has a page to pay it (``…/pay/``). Producer accounts have their
    pages here too (marketplace/producers/accounts_views.py): claiming a producer, confirming a
    claim, an invited user's first password; a producer's user lands on ``/dashboard/`` after
    logging in."""

    name = "marketplace.customer"
    verbose_name = _("Customer")

    def ready(self):
        super().ready()
        # Oscar keeps a "recently viewed" cookie on every product view for a block our theme does
        # not show; the cookie would make every product page personal (never served from the page
        # cache, marketplace/pagecache) for nothing.
        from oscar.apps.catalogue.signals import product_viewed
        from oscar.apps.customer.receivers import receive_product_view

        product_viewed.disconnect(receive_product_view)
        self.anon_order_pay_view = get_class("customer.views", "AnonymousOrderPayView")
        self.order_pay_view = get_class("customer.views", "CustomerOrderPayView")
        from marketplace.producers import accounts_views

        self.producer_views = accounts_views

    def get_urls(self):
        return [
            re_path(
                r"^order-status/(?P<order_number>[\w-]*)/(?P<hash>[A-z0-9-_=:]+)/pay/$",
                self.anon_order_pay_view.as_view(),
                name="anon-order-pay",
            ),
            path("orders/<str:order_number>/pay/", login_required(self.order_pay_view.as_view()), name="order-pay"),
            path(
                "producer/claim/",
                login_required(self.producer_views.ProducerClaimView.as_view()),
                name="producer-claim",
            ),
            path(
                "producer/claim/<str:token>/",
                login_required(self.producer_views.ProducerClaimConfirmView.as_view()),
                name="producer-claim-confirm",
            ),
            path(
                "producer/welcome/<uidb64>/<token>/",
                self.producer_views.ProducerWelcomeView.as_view(),
                name="producer-welcome",
            ),
            *super().get_urls(),
        ]
