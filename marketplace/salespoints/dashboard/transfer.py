"""Staff views: download and upload the provinces' sales-point files (docs/sales-points-formats.md).

- ``sales-points-export`` and ``sales-point-stock-export``: the points list and the stock,
  ``?format=csv|xlsx`` (default csv), ``?province=<legacy code>`` for one province;
- ``sales-points-import``: upload either file; the page shows the import's report (every problem
  with its row, column and reason; nothing is changed when there is one), and the downloads.
"""

from pathlib import Path

from django import forms
from django.http import Http404, HttpResponseBadRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from marketplace.adminunits.models import LegacyProvince
from marketplace.spreadsheets import MAX_FILE_BYTES
from marketplace.text import printable

from .. import exports
from ..fileformat import KIND_LABELS, POINT_COLUMNS, STOCK_COLUMNS
from ..imports import import_points, import_stock

IMPORTERS = {"points": import_points, "stock": import_stock}
MAX_NAME = 100  # characters of an uploaded file's name shown back


def _province(request):
    """The legacy province code asked for (None for all), or 404."""
    code = request.GET.get("province", "").strip()
    if not code:
        return None
    if len(code) > 8 or not printable(code) or not LegacyProvince.objects.filter(pk=code).exists():
        raise Http404("No such province")
    return code


class ExportView(View):
    kind = "points"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "csv")
        if fmt not in exports.FORMATS:
            return HttpResponseBadRequest("format: csv or xlsx", content_type="text/plain; charset=utf-8")
        return exports.response(self.kind, fmt, _province(request))


class TransferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("points", _("The list of sales points (Danh sách điểm bán)")),
            ("stock", _("The stock at sales points (Tồn kho tại điểm bán)")),
        ],
        initial="points",
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
    dry_run = forms.BooleanField(label=_("Only check the file, change nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
                % {"size": f"{upload.size / 2**20:.3g}", "limit": f"{MAX_FILE_BYTES / 2**20:.3g}"}
            )
        return upload


class ImportView(FormView):
    form_class = TransferForm
    template_name = "salespoints_dashboard/transfer.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name[:MAX_NAME]
        importer = IMPORTERS[form.cleaned_data["kind"]]
        with upload.open("rb") as source:
            report = importer(source, name=name, dry_run=form.cleaned_data["dry_run"])
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            provinces=LegacyProvince.objects.order_by("short_name").only("code", "short_name"),
            formats=exports.FORMATS,
            point_columns=POINT_COLUMNS,
            stock_columns=STOCK_COLUMNS,
            kinds=KIND_LABELS.values(),
            **kwargs,
        )


urlpatterns = [
    path("export/points/", ExportView.as_view(kind="points"), name="sales-points-export"),
    path("export/stock/", ExportView.as_view(kind="stock"), name="sales-point-stock-export"),
    path("import/", ImportView.as_view(), name="sales-points-import"),
]
