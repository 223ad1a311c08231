"""Storefront views of the catalogue. Every list starts from ``Product.objects.listable()``
(the listing rule); a product page for a delisted product says why, with HTTP 410."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from catalog.search import service
from catalog.search.views import FacetedListMixin
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.pagecache import PublicPageView

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")


class ProductDetailView(PublicPageView, OscarProductDetailView):
    def get_queryset(self):
        return Product.objects.select_related(
            "certificate",
            "producer__legacy_province",
            "producer__legacy_district",
            "producer__province",
            "group",
            "subgroup",
            "product_class",
        ).prefetch_related("images", "stockrecords")

    def get_context_data(self, **kwargs):
        product = self.object
        district = product.producer.legacy_district_id if product.producer else None
        group = product.group.code if product.group else None
        return super().get_context_data(
            same_group=self.related({"group": [group]}) if group else [],
            same_district=self.related({"district": [district]}) if district else [],
            **kwargs,
        )

    def related(self, filters):
        return service.pick(filters, sort="stars", limit=4, exclude=[self.object.pk])

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
