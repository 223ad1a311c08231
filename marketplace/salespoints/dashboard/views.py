"""Staff views: sales points, their stock, coverage of the districts."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView, ListView, TemplateView
from django.views.generic.edit import CreateView, UpdateView

from catalog.certification.constants import local_today
from marketplace.adminunits.models import LegacyProvince
from marketplace.csvexport import CSVResponse
from marketplace.producers import access
from marketplace.text import printable

from .. import coverage
from ..models import PointStock, SalesPoint
from .forms import AddStockForm, PhotoFormSet, SalesPointFilterForm, SalesPointForm, StockFormSet


class SalesPointListView(ListView):
    """Every point, filtered by the URL (province, district, kind, active, Decision 950), with
    the number of listable products on its shelf; a constant number of queries per page."""

    template_name = "salespoints_dashboard/point_list.html"
    context_object_name = "points"
    paginate_by = 50

    def get_queryset(self):
        self.form = SalesPointFilterForm(self.request.GET or None)
        if self.form.is_bound:
            self.form.is_valid()  # invalid filters are left out (and shown as errors)
        points = SalesPoint.objects.select_related("legacy_province", "legacy_district")
        return coverage.with_shown_products(self.form.filter(points)).order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, is_filtered=self.form.is_bound and any(self.form.cleaned_data.values()), **kwargs
        )


class PointFormMixin:
    """The point's form and its photos, saved together."""

    model = SalesPoint
    form_class = SalesPointForm
    template_name = "salespoints_dashboard/point_form.html"
    context_object_name = "point"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("photos", PhotoFormSet(instance=self.object, prefix="photos"))
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if "pk" in kwargs else None
        form = self.get_form()
        photos = PhotoFormSet(request.POST, request.FILES, instance=self.object, prefix="photos")
        if not (form.is_valid() and photos.is_valid()):
            messages.error(request, _("The sales point was not saved: please correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form, photos=photos))
        with transaction.atomic():
            self.object = form.save()
            photos.instance = self.object
            photos.save()
        messages.success(request, self.saved_message % {"name": self.object.name})
        return redirect(self.get_success_url())

    def get_success_url(self):
        if "save_and_stock" in self.request.POST:
            return reverse("salespoints-dashboard:sales-point-stock", kwargs={"pk": self.object.pk})
        return reverse("salespoints-dashboard:sales-point-list")


class SalesPointCreateView(PointFormMixin, CreateView):
    saved_message = gettext_lazy("Sales point “%(name)s” created.")


class SalesPointUpdateView(PointFormMixin, UpdateView):
    saved_message = gettext_lazy("Sales point “%(name)s” saved.")

    def get_queryset(self):
        return SalesPoint.objects.prefetch_related("hours")


class SalesPointDeleteView(DeleteView):
    """Deleting a point removes its opening hours, photos and stock (a confirmation page first)."""

    model = SalesPoint
    template_name = "salespoints_dashboard/point_delete.html"
    context_object_name = "point"
    success_url = reverse_lazy("salespoints-dashboard:sales-point-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stock_rows=self.object.stock.count(), photo_count=self.object.images.count(), **kwargs
        )

    def form_valid(self, form):
        name = self.object.name
        response = super().form_valid(form)
        messages.success(self.request, _("Sales point “%(name)s” deleted.") % {"name": name})
        return response


class SalesPointStockView(TemplateView):
    """The point's stock: every row, whether shoppers see it or why not; quantities edited and
    rows removed in one form, a product added by its OCOP code (listable products only)."""

    template_name = "salespoints_dashboard/point_stock.html"

    def dispatch(self, request, *args, **kwargs):
        self.point = get_object_or_404(SalesPoint, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def stock_rows(self):
        rows = access.point_stock_for(self.request.user, PointStock.objects.filter(point=self.point))
        return rows.select_related("product__certificate", "product__producer").order_by("product__title", "pk")

    def get_context_data(self, formset=None, add_form=None, **kwargs):
        if formset is None:
            formset = StockFormSet(queryset=self.stock_rows(), prefix="stock")
        shown = set(coverage.shown_stock().filter(point=self.point).values_list("pk", flat=True))
        rows = []
        for form in formset.forms:
            stock = form.instance
            if stock.pk is None:  # a row that is gone (the formset says so)
                continue
            reason = stock.product.why_not_listable()
            if stock.pk in shown:
                status = ""
            elif reason:
                status = reason
            elif not self.point.is_active:
                status = _("The point is inactive.")
            elif stock.num_in_stock and stock.num_allocated >= stock.num_in_stock:
                status = _("All reserved for orders to be picked up here.")
            else:
                status = _("Out of stock.")
            rows.append(
                {"form": form, "stock": stock, "shown": stock.pk in shown, "why_not": status, "listable": not reason}
            )
        return super().get_context_data(
            point=self.point,
            formset=formset,
            rows=rows,
            add_form=AddStockForm(self.point, prefix="add") if add_form is None else add_form,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "add" in request.POST:
            add_form = AddStockForm(self.point, request.POST, prefix="add")
            if add_form.is_valid():
                stock = add_form.save()
                messages.success(request, _("%(product)s added to the stock.") % {"product": stock.product.title})
                return redirect(request.path)
            return self.render_to_response(self.get_context_data(add_form=add_form))
        formset = StockFormSet(request.POST, queryset=self.stock_rows(), prefix="stock")
        if formset.is_valid():
            with transaction.atomic():
                formset.save()
            messages.success(request, _("Stock saved."))
            return redirect(request.path)
        messages.error(request, _("The stock was not saved: please correct the errors below."))
        return self.render_to_response(self.get_context_data(formset=formset))


class CoverageView(TemplateView):
    """The coverage of one province (?province=<legacy GSO code>): its districts with and without
    points, the points failing Decision 950, and the points holding products that are no longer
    listable; ?format=csv downloads the district table."""

    template_name = "salespoints_dashboard/coverage.html"

    def get(self, request, *args, **kwargs):
        code = request.GET.get("province", "")
        if code:
            province = LegacyProvince.objects.filter(code=code).first() if printable(code) else None
            if province is None:
                raise Http404(_("No province (before 2025) has this code."))
        else:
            province = coverage.default_province()
        if province is not None and request.GET.get("format") == "csv":
            rows = coverage.district_rows(province)
            filename = f"ocop-diem-ban-{province.slug}-{local_today().isoformat()}.csv"
            return CSVResponse(filename, coverage.CSV_HEADER, (row.as_csv() for row in rows))
        report = coverage.coverage(province) if province is not None else None
        return self.render_to_response(
            self.get_context_data(province=province, report=report, provinces=coverage.provinces())
        )


urlpatterns = [
    path("", SalesPointListView.as_view(), name="sales-point-list"),
    path("create/", SalesPointCreateView.as_view(), name="sales-point-create"),
    path("<int:pk>/", SalesPointUpdateView.as_view(), name="sales-point-update"),
    path("<int:pk>/delete/", SalesPointDeleteView.as_view(), name="sales-point-delete"),
    path("<int:pk>/stock/", SalesPointStockView.as_view(), name="sales-point-stock"),
    path("coverage/", CoverageView.as_view(), name="sales-point-coverage"),
]
