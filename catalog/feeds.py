from django.contrib.syndication.views import Feed
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class NewlyCertifiedFeed(Feed):
    """RSS of the newest certified products (through the listing rule, like every surface)."""

    title = _("Newly certified OCOP products")
    link = "/catalogue/"
    description = _("The latest products recognised under the OCOP programme and listed for sale.")

    def items(self):
        return (
            Product.objects.certified()
            .select_related("certificate", "producer__legacy_province")
            .order_by("-certificate__decision_date", "-pk")[:30]
        )

    def item_title(self, product):
        return f"{product.title} – OCOP {product.stars}★"

    def item_description(self, product):
        province = product.producer.legacy_province
        return f"{product.producer.name}{', ' + province.short_name if province else ''}. {product.description}"

    def item_pubdate(self, product):
        return product.date_created

    def item_updateddate(self, product):
        return product.date_updated
