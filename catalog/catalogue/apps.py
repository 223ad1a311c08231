import oscar.apps.catalogue.apps as apps
from django.db.models.signals import post_migrate
from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked: OCOP products with a producer, a classification and a
    current certificate; every list goes through the listing rule (catalog/listing.py)."""

    name = "catalog.catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        super().ready()
        from oscar.apps.analytics.receivers import receive_product_view
        from oscar.apps.catalogue.signals import product_viewed

        from . import receivers  # noqa: F401
        from .viewcount import count_view

        # Oscar's analytics count a view with an UPDATE in the request: ours counts in the cache.
        product_viewed.disconnect(receive_product_view)
        product_viewed.connect(count_view, dispatch_uid="catalogue-count-view")
        from .classification import ensure_classification

        post_migrate.connect(ensure_classification, sender=self)
        self.producer_view = get_class("catalogue.views", "ProducerProductsView")
        self.province_view = get_class("catalogue.views", "ProvinceProductsView")
        self.district_view = get_class("catalogue.views", "DistrictProductsView")

    def get_urls(self):
        urls = [
            path("chu-the/<slug:code>/", self.producer_view.as_view(), name="producer"),
            path("tinh/<slug:slug>/", self.province_view.as_view(), name="province"),
            path("tinh/<slug:province>/<slug:slug>/", self.district_view.as_view(), name="district"),
        ]
        return urls + super().get_urls()
