"""The province dashboard (figures and charts), the same report laid out to print (to PDF from
the browser) and as an XLSX file: one :class:`~marketplace.reports.figures.Report` for all three.

    /dashboard/province/?period=2026-Q4&province=24          the dashboard
    /dashboard/province/print/?period=2026-Q4&province=24    the report to print
    /dashboard/province/xlsx/?period=2026-Q4&province=24     the workbook

A staff member who is a province's officer sees that province only; other staff choose any
province or the whole country. Bad values in the address show a message and the defaults."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalog.certification.constants import local_today
from marketplace.adminunits.models import Province
from marketplace.text import printable

from ..figures import COUNT, MONEY, TEXT, Area, Report
from ..models import ProvinceOfficer
from ..periods import MONTH, QUARTER, YEAR, Period
from ..workbook import workbook


def officer_province(user):
    officer = ProvinceOfficer.objects.filter(user=user).select_related("province").first()
    return officer.province if officer else None


def read(request):
    """(report, problems) from the address: ``period`` and ``province``."""
    today = local_today()
    problems = []
    period = Period.containing(today, QUARTER)
    typed = request.GET.get("period", "")
    if typed:
        try:
            period = Period.parse(typed[:20])
        except ValueError as error:
            problems.append(str(error))
    own = officer_province(request.user)
    province = own
    code = request.GET.get("province", "")
    if code:
        chosen = Province.objects.filter(code=code).first() if printable(code) and len(code) <= 8 else None
        if chosen is None:
            problems.append(_("There is no province with the code %(code)s.") % {"code": code[:20]})
        elif own is not None and chosen != own:
            raise PermissionDenied(_("You report for %(province)s only.") % {"province": own.name})
        else:
            province = chosen
    return Report(Area(province), period, today), own, problems


def recent_periods(today):
    """What the period menu offers: this and the previous 11 months, 7 quarters, 4 years."""
    month, quarter, year = (Period.containing(today, kind) for kind in (MONTH, QUARTER, YEAR))
    choices = []
    for first, count in ((year, 5), (quarter, 8), (month, 12)):
        period = first
        for _n in range(count):
            choices.append(period)
            period = period.previous()
    return choices


def summary_rows(report):
    """(label, value, kind) of the key figures, in the order shown and written to the workbook."""
    summary = report.summary()
    growth = summary["growth"]
    return [
        (_("Listed products"), summary["products"], COUNT),
        (_("Producers with listed products"), summary["producers"], COUNT),
        (_("New certifications"), summary["certifications"], COUNT),
        (_("Orders"), summary["orders"], COUNT),
        (_("Revenue"), summary["revenue"], MONEY),
        (_("Districts (before 2025) without a sales point"), summary["districts_without_point"], COUNT),
        (_("Trade fairs held"), summary["fairs"], COUNT),
        (
            _("Producers meeting the ×1.5 target"),
            _("%(met)s of %(measured)s measured") % {"met": growth["met"], "measured": growth["measured"]},
            TEXT,
        ),
    ]


def _context(request):
    report, own, problems = read(request)
    query = {"period": report.period.key}
    if report.area.province is not None:
        query["province"] = report.area.province.code
    return {
        "report": report,
        "tables": report.tables(),
        "summary": summary_rows(report),
        "problems": problems,
        "officer_province": own,
        "provinces": Province.objects.order_by("short_name") if own is None else [],
        "periods": recent_periods(report.today),
        "query": query,
    }


@require_safe
def dashboard(request):
    return render(request, "province_reports/dashboard.html", _context(request))


@require_safe
def printable_report(request):
    return render(request, "province_reports/print.html", _context(request))


@require_safe
def xlsx(request):
    report, _own, _problems = read(request)
    area = report.area.province.slug if report.area.province is not None else "ca-nuoc"
    response = HttpResponse(
        workbook(report, summary_rows(report)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-ocop-{area}-{report.period.key}.xlsx"'
    return response


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("print/", printable_report, name="print"),
    path("xlsx/", xlsx, name="xlsx"),
]
