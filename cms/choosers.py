"""A Wagtail chooser for catalogue products, so editors can pick featured products."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ProductFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Search products"), required=False)

    def filter(self, objects):
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(title__icontains=query) | objects.filter(product_code__icontains=query)
        return objects


class ProductChooseMixin:
    filter_form_class = ProductFilterForm

    def get_object_list(self):
        from catalog.catalogue.models import Product

        return Product.objects.listable().select_related("producer").order_by("-stars", "title")


class ProductChooseView(ProductChooseMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductChooseMixin, ChooseResultsView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "pick"
    choose_one_text = _("Choose a certified product")
    choose_another_text = _("Choose another product")
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    per_page = 20


product_chooser_viewset = ProductChooserViewSet("product_chooser", url_prefix="product-chooser")
