import oscar.apps.checkout.apps as apps
from django.db.models.signals import post_migrate
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked: a Vietnamese, phone-first checkout in VND for guests and customers.

    Contact (name, phone, optional e-mail) → address (province → commune of today's units) →
    delivery → payment → review. ``communes/`` answers the commune picker's JSON."""

    name = "marketplace.checkout"

    def ready(self):
        super().ready()
        from .country import ensure_vietnam

        self.communes_view = get_class("checkout.views", "CommunesView")
        post_migrate.connect(ensure_vietnam, sender=self, dispatch_uid="checkout-ensure-vietnam")

    def get_urls(self):
        urls = super().get_urls()
        urls.append(path("communes/", self.communes_view.as_view(), name="communes"))
        return urls
