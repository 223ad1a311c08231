import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.views.generic import TemplateView

from marketplace.csvexport import CSVResponse

from ..models import Certificate, Status, local_today

WATCH_DAYS = 90


class CertificateWatchView(TemplateView):
    """Certificates expiring within 90 days, and those revoked or suspended this month;
    each list can be downloaded as CSV."""

    template_name = "certification_dashboard/certificates.html"
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
        header = [
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
        rows = (
            [
                c.code,
                c.product.product_code,
                c.product.title,
                c.producer.name,
                c.producer.email,
                c.producer.phone,
                c.producer.legacy_province,
                c.producer.legacy_district,
                c.stars,
                c.get_status_display(),
                c.status_reason,
                date_format(timezone.localtime(c.status_changed_at), "SHORT_DATE_FORMAT")
                if c.status_changed_at
                else "",
                date_format(c.valid_until, "SHORT_DATE_FORMAT"),
            ]
            for c in certificates
        )
        return CSVResponse(f"ocop-{name}-{local_today().isoformat()}.csv", header, rows)
