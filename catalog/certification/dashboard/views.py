import csv
import datetime

from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.generic import DetailView, ListView, TemplateView

from ..models import Certificate, Status, SyncRun, local_today

WATCH_DAYS = 90


class SyncRunListView(ListView):
    model = SyncRun
    paginate_by = 50
    template_name = "registry_dashboard/sync_runs.html"
    context_object_name = "runs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest"] = SyncRun.objects.exclude(outcome=SyncRun.Outcome.DRY_RUN).first()
        return context


class SyncRunDetailView(DetailView):
    model = SyncRun
    template_name = "registry_dashboard/sync_run.html"
    context_object_name = "run"


class CertificateWatchView(TemplateView):
    """Certificates expiring within 90 days, and those revoked or suspended this month;
    each list can be downloaded as CSV."""

    template_name = "registry_dashboard/certificates.html"
    LISTS = ("expiring", "withdrawn")

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in self.LISTS:
            return self.csv_response(export, getattr(self, export)())
        return super().get(request, *args, **kwargs)

    def expiring(self):
        today = local_today()
        return (
            self._certificates()
            .filter(
                status=Status.VALID,
                valid_until__gte=today,
                valid_until__lte=today + datetime.timedelta(days=WATCH_DAYS),
            )
            .order_by("valid_until", "code")
        )

    def withdrawn(self):
        month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return (
            self._certificates()
            .filter(status__in=[Status.REVOKED, Status.SUSPENDED], status_changed_at__gte=month_start)
            .order_by("-status_changed_at", "code")
        )

    def _certificates(self):
        return Certificate.objects.select_related(
            "product", "producer__legacy_province", "producer__legacy_district"
        ).filter(product__certificate=F("pk"))  # current certificates only

    def get_context_data(self, **kwargs):
        return super().get_context_data(expiring=self.expiring(), withdrawn=self.withdrawn(), days=WATCH_DAYS, **kwargs)

    def csv_response(self, name, certificates):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ocop-{name}-{local_today().isoformat()}.csv"'
        response.write("\ufeff")  # so that Excel reads the Vietnamese text as UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [
                "Số giấy chứng nhận",
                "Mã sản phẩm",
                "Tên sản phẩm",
                "Chủ thể",
                "Email",
                "Điện thoại",
                "Tỉnh",
                "Huyện",
                "Hạng sao",
                "Trạng thái",
                "Lý do",
                "Ngày đổi trạng thái",
                "Hiệu lực đến",
            ]
        )
        for c in certificates:
            producer = c.producer
            writer.writerow(
                [
                    c.code,
                    c.product.product_code,
                    c.product.title,
                    producer.name,
                    producer.email,
                    producer.phone,
                    producer.legacy_province or "",
                    producer.legacy_district or "",
                    c.stars,
                    c.get_status_display(),
                    c.status_reason,
                    date_format(timezone.localtime(c.status_changed_at), "SHORT_DATE_FORMAT")
                    if c.status_changed_at
                    else "",
                    date_format(c.valid_until, "SHORT_DATE_FORMAT"),
                ]
            )
        return response
