from django.urls import reverse

from catalog.sitemaps import PublicSitemap

from .models import SalesPoint


class SalesPointSitemap(PublicSitemap):
    """The locator and the page of every active point."""

    changefreq = "weekly"

    def items(self):
        return ["locator", *SalesPoint.objects.active().only("slug", "date_updated").order_by("pk")]

    def location(self, item):
        return reverse("salespoints:locator") if item == "locator" else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "locator" else item.date_updated
