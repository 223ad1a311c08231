"""Storefront views of the catalogue. Every list starts from ``Product.objects.listable()``
(the listing rule); a product page for a delisted product says why, with HTTP 410."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from marketplace.adminunits.models import LegacyDistrict, LegacyProvince

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")


class ProductDetailView(OscarProductDetailView):
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

    def get(self, request, *args, **kwargs):
        self.object = product = self.get_object()
        reason = product.why_not_listable()
        if reason:
            return TemplateResponse(
                request, "oscar/catalogue/delisted.html", {"product": product, "reason": reason}, status=410
            )
        return super().get(request, *args, **kwargs)


SORTS = {
    "newest": (_("Newest certificate"), ["-certificate__decision_date", "-pk"]),
    "stars": (_("Most stars"), ["-stars", "-certificate__decision_date", "-pk"]),
    "name": (_("Name A–Z"), ["title", "pk"]),
}


class ProductListView(ListView):
    """A page of listable products; subclasses narrow it down with :meth:`narrow`."""

    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    summary = _("All certified products")

    def narrow(self, products):
        return products

    def get_sort(self):
        sort = self.request.GET.get("sort")
        return sort if sort in SORTS else "newest"

    def get_queryset(self):
        products = self.narrow(Product.objects.listable().for_cards())
        return products.order_by(*SORTS[self.get_sort()][1])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            summary=self.get_summary(),
            sort=self.get_sort(),
            sorts=[(key, label) for key, (label, _ordering) in SORTS.items()],
        )
        return context

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

    def narrow(self, products):
        return products.filter(subgroup__path__startswith=self.category.path)

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

    def narrow(self, products):
        return products.filter(producer=self.producer)

    def get_summary(self):
        return self.producer.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(producer=self.producer, **kwargs)


class ProvinceProductsView(ProductListView):
    template_name = "oscar/catalogue/place.html"

    def get(self, request, *args, **kwargs):
        self.place = get_object_or_404(LegacyProvince, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def narrow(self, products):
        return products.filter(producer__legacy_province=self.place)

    def get_summary(self):
        return _("OCOP products of %(place)s") % {"place": self.place.short_name}

    def get_context_data(self, **kwargs):
        districts = (
            LegacyDistrict.objects.filter(province=self.place)
            .filter(pk__in=Product.objects.listable().values("producer__legacy_district_id"))
            .order_by("short_name")
        )
        return super().get_context_data(place=self.place, districts=districts, **kwargs)


class DistrictProductsView(ProvinceProductsView):
    def get(self, request, *args, **kwargs):
        self.place = get_object_or_404(
            LegacyDistrict.objects.select_related("province"), slug=kwargs["slug"], province__slug=kwargs["province"]
        )
        return ListView.get(self, request, *args, **kwargs)

    def narrow(self, products):
        return products.filter(producer__legacy_district=self.place)

    def get_context_data(self, **kwargs):
        return ProductListView.get_context_data(self, place=self.place, province=self.place.province, **kwargs)
