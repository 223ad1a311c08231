"""sitemap.xml: listable products (through the listing rule), classification pages,
producers with listable products, provinces and districts, and the CMS pages — every address at
the site's public address (SITE_URL, marketplace/site.py)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.site import site_parts

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")


class PublicSitemap(Sitemap):
    """Addresses at SITE_URL, whatever host the sitemap was asked for on."""

    def get_protocol(self, protocol=None):
        return site_parts()[0]

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ProductSitemap(PublicSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Product.objects.listable().only("id", "slug", "date_updated").order_by("pk")

    def lastmod(self, product):
        return product.date_updated


class CategorySitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.filter(is_public=True).order_by("path")


class ProducerSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        listed = Product.objects.listable().values("producer_id")
        return Partner.objects.filter(pk__in=listed).only("id", "code").order_by("pk")


class ProvinceSitemap(PublicSitemap):
    def items(self):
        listed = Product.objects.listable().values("producer__legacy_province_id")
        return LegacyProvince.objects.filter(pk__in=listed).order_by("pk")


class DistrictSitemap(PublicSitemap):
    def items(self):
        listed = Product.objects.listable().values("producer__legacy_district_id")
        return LegacyDistrict.objects.filter(pk__in=listed).select_related("province").order_by("pk")


class StaticSitemap(PublicSitemap):
    """The site's own pages that are neither content nor catalogue."""

    changefreq = "daily"

    def items(self):
        return ["opendata:numbers"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "products": ProductSitemap,
    "groups": CategorySitemap,
    "producers": ProducerSitemap,
    "provinces": ProvinceSitemap,
    "districts": DistrictSitemap,
    "static": StaticSitemap,
}


def sitemap_view(request):
    from marketplace.salespoints.sitemaps import SalesPointSitemap

    return sitemap(request, sitemaps={"pages": WagtailSitemap(request), **SITEMAPS, "salespoints": SalesPointSitemap})
