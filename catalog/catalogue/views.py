"""Storefront views of the catalogue. Every list starts from ``Product.objects.listable()``
(the listing rule); a product page for a delisted product says why, with HTTP 410."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from catalog.combos.parts import parts_prefetch
from catalog.search import service
from catalog.search.views import FacetedListMixin
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.pagecache import DAY, PublicPageView, kept

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Option = get_model("catalogue", "Option")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")

#: How many of the producer's recommendations a product page shows (as Oscar's page does).
RECOMMENDED = 6


class ProductDetailView(PublicPageView, OscarProductDetailView):
    def get_queryset(self):
        return (
            Product.objects.select_related(
                "certificate",
                "producer__legacy_province",
                "producer__legacy_district__province",
                "producer__province",
                "group",
                "subgroup",
                "product_class",
            )
            .prefetch_related(
                "images",
                "stockrecords",
                Prefetch(
                    "primary_recommendations",
                    ProductRecommendation.objects.order_by("-ranking", "pk").only("primary", "recommendation"),
                    to_attr="recommendation_rows",
                ),
            )
            .annotate(
                # What Oscar's Product.has_options reads, so the basket form asks no query for it.
                has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
                has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            )
        )

    def get_object(self, queryset=None):
        """The product with all its page shows, kept in the cache under the listing generation
        (which every change of the product, its price, stock, certificate or producer bumps) for
        the day: a busy product page asks the database only what is new."""
        if hasattr(self, "object"):
            return self.object
        get_object = super().get_object  # (a nested function has no zero-argument super())

        def load():
            product = get_object(queryset)
            if product.is_combo:  # what is in it, for its page, the listing rule and its stock
                prefetch_related_objects([product], parts_prefetch())
            return product

        return kept("product-page", self.kwargs.get(self.pk_url_kwarg), make=load, clock=DAY)

    def get_context_data(self, **kwargs):
        # The related lists are made only when the page's kept piece of them is not in the cache.
        # The price box with the basket form is the same for every visitor not signed in (a
        # kept piece), unless Oscar holds the visitor's rejected "add to basket" in their
        # session, to show it again with its errors; a signed-in visitor's has their wishlists.
        own_price_box = self.request.user.is_authenticated or (
            f"add_to_basket_form_post_data_{self.object.pk}" in self.request.session
        )
        return super().get_context_data(related=SimpleLazyObject(self.related), own_price_box=own_price_box, **kwargs)

    def related(self):
        """The producer's recommendations, then the same group's and district's best (without
        them), as card lists: all checked against the listing rule in one query; products are
        loaded (once, for all) only for cards not in the cache."""
        product = self.object
        district = product.producer.legacy_district_id if product.producer else None
        group = product.group.code if product.group else None
        recommended = self.recommended_ids()
        shown = [product.pk, *recommended]
        same_group = self.related_ids({"group": [group]}, shown) if group else []
        same_district = self.related_ids({"district": [district]}, shown) if district else []
        loaded = service.load_many([recommended, same_group, same_district])
        return {
            "recommended": service.load(recommended, loaded),
            "same_group": service.load(same_group, loaded),
            "same_district": service.load(same_district, loaded),
        }

    def recommended_ids(self):
        """What the producer recommends with this product (dashboard), in its order."""
        return [row.recommendation_id for row in self.object.recommendation_rows[:RECOMMENDED]]

    def related_ids(self, filters, exclude):
        return service.pick_ids(filters, sort="stars", limit=4, exclude=exclude)

    def get(self, request, *args, **kwargs):
        self.object = product = self.get_object()
        reason = product.why_not_listable()
        if reason:
            return TemplateResponse(
                request, "oscar/catalogue/delisted.html", {"product": product, "reason": reason}, status=410
            )
        return super().get(request, *args, **kwargs)


class ProductListView(PublicPageView, FacetedListMixin, TemplateView):
    """A page of listable products with facets; subclasses narrow it with :meth:`preset`."""

    template_name = "oscar/catalogue/browse.html"
    summary = _("All certified products")

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=self.get_summary(), **kwargs)

    def get_summary(self):
        return self.summary


class CatalogueView(ProductListView):
    pass


class ProductCategoryView(ProductListView):
    """Products of one classification node (group, nhóm or phân nhóm) and its children."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"], is_public=True)
        if request.path != self.category.get_absolute_url():
            return HttpResponsePermanentRedirect(self.category.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def preset(self):
        facet = "group" if self.category.is_root() else "subgroup"
        return {"filters": {facet: [self.category.code]}}

    def get_summary(self):
        return self.category.display_name

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ProducerProductsView(ProductListView):
    template_name = "oscar/catalogue/producer.html"

    def get(self, request, *args, **kwargs):
        self.producer = get_object_or_404(
            Partner.objects.select_related("legacy_province", "legacy_district", "province", "commune"),
            code=kwargs["code"],
        )
        return super().get(request, *args, **kwargs)

    def preset(self):
        return {"producer": self.producer.pk}

    def get_summary(self):
        return self.producer.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(producer=self.producer, **kwargs)


class ProvinceProductsView(ProductListView):
    template_name = "oscar/catalogue/place.html"
    facet = "province"

    def get(self, request, *args, **kwargs):
        self.place = self.get_place(**kwargs)
        return super().get(request, *args, **kwargs)

    def get_place(self, slug, **kwargs):
        return get_object_or_404(LegacyProvince, slug=slug)

    def preset(self):
        return {"filters": {self.facet: [self.place.code]}}

    def get_summary(self):
        return _("OCOP products of %(place)s") % {"place": self.place.short_name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(place=self.place, **kwargs)
        if self.facet == "province":  # links to the district pages, with their counts
            counts = {v.value: v.count for v in context["result"].facets["district"]}
            context["districts"] = [
                (d, counts[d.code]) for d in LegacyDistrict.objects.filter(code__in=counts).order_by("short_name")
            ]
        return context


class DistrictProductsView(ProvinceProductsView):
    facet = "district"

    def get_place(self, province, slug):
        return get_object_or_404(LegacyDistrict.objects.select_related("province"), slug=slug, province__slug=province)

    def get_context_data(self, **kwargs):
        kwargs["province"] = self.place.province  # replaces the URL's province slug
        return super().get_context_data(**kwargs)
