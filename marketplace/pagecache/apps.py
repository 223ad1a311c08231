from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save


class PageCacheConfig(AppConfig):
    name = "marketplace.pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from catalog.signals import listing_changed, products_changed

        from . import content_changed, csrf
        from . import listing_changed as bulk_changed
        from . import request_finished as forget_generation
        from . import request_started as read_generation_once

        csrf.install()  # CSRF tokens from one os.urandom call each (see the module)
        post_save.connect(content_changed, dispatch_uid="pagecache-saved")
        post_delete.connect(content_changed, dispatch_uid="pagecache-deleted")
        # The registry sync and the nightly expiry change products in bulk (no model signals).
        listing_changed.connect(bulk_changed, dispatch_uid="pagecache-listing")
        products_changed.connect(bulk_changed, dispatch_uid="pagecache-products")
        request_started.connect(read_generation_once, dispatch_uid="pagecache-request-started")
        request_finished.connect(forget_generation, dispatch_uid="pagecache-request-finished")
