from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PageCacheConfig(AppConfig):
    name = "marketplace.pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from catalog.signals import listing_changed, products_changed

        from . import content_changed
        from . import listing_changed as bulk_changed

        post_save.connect(content_changed, dispatch_uid="pagecache-saved")
        post_delete.connect(content_changed, dispatch_uid="pagecache-deleted")
        # The registry sync and the nightly expiry change products in bulk (no model signals).
        listing_changed.connect(bulk_changed, dispatch_uid="pagecache-listing")
        products_changed.connect(bulk_changed, dispatch_uid="pagecache-products")
