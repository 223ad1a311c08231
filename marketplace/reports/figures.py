"""THE REPORT FIGURES — one query layer for the province's dashboard, its printable report and
its XLSX file (they differ in how they show a :class:`Table`, never in what it holds).

A :class:`Report` is made for an :class:`Area` (one current province, or the whole country) and
a :class:`~.periods.Period`. What it counts:
* listed products and their producers — through the listing rule, as listable at the period's
  last moment (or now, for a period not over yet), certified and on the marketplace by then
  (statuses are today's: a certificate revoked since is left out of past periods too);
* certificates: expiring in 30 and 90 days (from today), revoked or suspended during the period
  (the certificate history), new certifications per month (decision dates);
* orders: paid or cash-on-delivery orders placed during the period, their lines not cancelled,
  by month, by the producer's district (before 2025) and by producer;
* the plans' ×1.5 target: each producer's marketplace revenue in the 12 months after its first
  certification against the 12 months before;
* sales-point coverage of the districts, fairs and livestream sessions held.
A producer belongs to the area of its current province (or, not yet resolved, of its legacy
province's successor).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.catalogue.classification import group_order
from catalog.certification.constants import Status, local_today
from catalog.listing import certifying_q
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.order import statuses

from .periods import local_midnight

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
Line = get_model("order", "Line")
Certificate = get_model("certification", "Certificate")
CertificateEvent = get_model("certification", "CertificateEvent")

#: The plans' target: revenue in the year after certification at least this times the year before.
GROWTH_TARGET = Decimal("1.5")
TEXT, COUNT, MONEY, DATE, MONTH, RATIO = "text", "count", "money", "date", "month", "ratio"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT
    charted: bool = False  # drawn as a series of the table's chart


@dataclass
class Table:
    """A titled table; ``chart`` ("bar", "line" or "") draws its charted columns."""

    key: str  # an anchor
    sheet: str  # the XLSX sheet's name: short (at most 31 characters)
    title: str
    columns: list
    rows: list = field(default_factory=list)
    chart: str = ""
    note: str = ""
    empty: str = ""

    def cells(self):
        """Each row as (value, column) pairs, for templates."""
        return [list(zip(row, self.columns, strict=True)) for row in self.rows]

    @property
    def charted(self):
        return any(column.charted for column in self.columns) and bool(self.rows) and bool(self.chart)


@dataclass(frozen=True)
class Area:
    """One current province (``province``), or the whole country (``None``)."""

    province: object = None

    def producers(self, prefix=""):
        """A ``Q`` for producers of the area, reached through ``prefix`` (e.g. ``"producer__"``)."""
        if self.province is None:
            return Q()
        return Q(**{f"{prefix}province": self.province}) | Q(
            **{f"{prefix}province__isnull": True, f"{prefix}legacy_province__successor": self.province}
        )

    def __str__(self):
        return self.province.name if self.province is not None else _("All provinces")


class Report:
    def __init__(self, area, period, today=None):
        self.area, self.period = area, period
        self.today = today or local_today()
        self.start, self.end = period.bounds()
        # Listed "at the end of the period": its last moment, or now for a period not over yet.
        self.at = min(self.end - datetime.timedelta(microseconds=1), timezone.now())

    # --- listed products ----------------------------------------------------------------------
    def _listed(self):
        """Listed at ``self.at``: listable then (the rule looks at today's status of each
        certificate), already certified and already on the marketplace."""
        return Product.objects.certified(self.at).filter(
            self.area.producers("producer__"),
            certificate__decision_date__lte=timezone.localdate(self.at),
            date_created__lte=self.at,
        )

    def _by(self, key, sheet, label, title, name, chart="bar"):
        rows = self._listed().values(name).annotate(products=Count("pk"), producers=Count("producer", distinct=True))
        rows = rows.order_by("-products", name)
        return Table(
            key,
            sheet,
            title,
            [Column(label), Column(_("Products"), COUNT, charted=True), Column(_("Producers"), COUNT)],
            [(row[name] or _("Unknown"), row["products"], row["producers"]) for row in rows],
            chart=chart,
            empty=_("No product of the area is listed."),
        )

    @cached_property
    def by_stars(self):
        counts = {
            row["certificate__stars"]: row
            for row in self._listed()
            .values("certificate__stars")
            .annotate(products=Count("pk"), producers=Count("producer", distinct=True))
        }
        rows = [
            (
                _("%(stars)s stars") % {"stars": stars},
                counts.get(stars, {}).get("products", 0),
                counts.get(stars, {}).get("producers", 0),
            )
            for stars in (5, 4, 3)
        ]
        return Table(
            "stars",
            _("By stars"),
            _("Listed products and producers by stars"),
            [Column(_("Stars")), Column(_("Products"), COUNT, charted=True), Column(_("Producers"), COUNT)],
            rows,
            chart="bar",
        )

    @cached_property
    def by_group(self):
        english = get_language() == "en"
        rows = self._listed().values("group__code", "group__name", "group__name_en")
        rows = rows.annotate(products=Count("pk"), producers=Count("producer", distinct=True))
        return Table(
            "groups",
            _("By group"),
            _("Listed products by group (Decision 148)"),
            [Column(_("Group")), Column(_("Products"), COUNT, charted=True), Column(_("Producers"), COUNT)],
            [
                (
                    f"{row['group__code']}. {(english and row['group__name_en']) or row['group__name']}"
                    if row["group__code"]
                    else _("Unclassified"),
                    row["products"],
                    row["producers"],
                )
                for row in sorted(rows, key=lambda row: group_order(row["group__code"]))
            ],
            chart="bar",
            empty=_("No product of the area is listed."),
        )

    @cached_property
    def by_district(self):
        return self._by(
            "districts",
            _("By district"),
            _("District (before 2025)"),
            _("Listed products by district (before 2025)"),
            "producer__legacy_district__short_name",
        )

    @cached_property
    def by_commune(self):
        return self._by(
            "communes",
            _("By commune"),
            _("Commune"),
            _("Listed products by commune"),
            "producer__commune__short_name",
            chart="",
        )

    # --- certificates -------------------------------------------------------------------------
    def _current_certificates(self):
        return Certificate.objects.filter(self.area.producers("producer__"), product__certificate=F("pk"))

    @cached_property
    def expiring(self):
        soon = self.today + datetime.timedelta(days=90)
        certificates = (
            self._current_certificates()
            .filter(certifying_q(), valid_until__lte=soon)
            .select_related("product", "producer")
            .order_by("valid_until", "code")
        )
        rows = [
            (
                c.code,
                c.product.title,
                c.producer.name if c.producer else "",
                c.stars,
                c.valid_until,
                (c.valid_until - self.today).days,
            )
            for c in certificates
        ]
        return Table(
            "expiring",
            _("Expiring"),
            _("Certificates expiring within 90 days"),
            [
                Column(_("Certificate")),
                Column(_("Product")),
                Column(_("Producer")),
                Column(_("Stars"), COUNT),
                Column(_("Valid until"), DATE),
                Column(_("Days left"), COUNT),
            ],
            rows,
            note=_("%(within_30)s within 30 days, %(within_90)s within 90 days (from %(today)s).")
            % {
                "within_30": sum(1 for row in rows if row[5] <= 30),
                "within_90": len(rows),
                "today": self.today.strftime("%d/%m/%Y"),
            },
            empty=_("No certificate expires within 90 days."),
        )

    @cached_property
    def withdrawn(self):
        events = (
            CertificateEvent.objects.filter(
                self.area.producers("certificate__producer__"),
                kind=CertificateEvent.Kind.STATUS,
                new_status__in=(Status.REVOKED, Status.SUSPENDED),
                happened_at__gte=self.start,
                happened_at__lt=self.end,
            )
            .select_related("certificate__product", "certificate__producer")
            .order_by("happened_at", "pk")
        )
        rows = [
            (
                timezone.localdate(e.happened_at),
                e.certificate.code,
                e.certificate.product.title,
                e.certificate.producer.name if e.certificate.producer else "",
                e.get_new_status_display(),
                e.reason,
            )
            for e in events
        ]
        return Table(
            "withdrawn",
            _("Revoked, suspended"),
            _("Certificates revoked or suspended in the period"),
            [
                Column(_("Date"), DATE),
                Column(_("Certificate")),
                Column(_("Product")),
                Column(_("Producer")),
                Column(_("Status")),
                Column(_("Reason")),
            ],
            rows,
            empty=_("No certificate was revoked or suspended in the period."),
        )

    @cached_property
    def certifications(self):
        counts = defaultdict(lambda: [0, 0, 0])
        rows = (
            Certificate.objects.filter(
                self.area.producers("producer__"),
                decision_date__gte=self.period.start,
                decision_date__lt=self.period.end,
            )
            .annotate(month=TruncMonth("decision_date"))
            .values("month", "stars")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            if 3 <= row["stars"] <= 5:
                counts[_month(row["month"])][5 - row["stars"]] += row["n"]
        return Table(
            "certifications",
            _("New certifications"),
            _("New certifications by month"),
            [
                Column(_("Month"), MONTH),
                Column(_("Certificates"), COUNT, charted=True),
                Column(_("5 stars"), COUNT),
                Column(_("4 stars"), COUNT),
                Column(_("3 stars"), COUNT),
            ],
            [(month, sum(counts[month]), *counts[month]) for month in self.period.months()],
            chart="line" if len(self.period.months()) > 1 else "bar",
        )

    # --- orders -------------------------------------------------------------------------------
    def _sold(self):
        """Lines sold in the period: orders paid or cash on delivery, lines not cancelled."""
        return Line.objects.filter(
            self.area.producers("partner__"),
            order__date_placed__gte=self.start,
            order__date_placed__lt=self.end,
        ).exclude(Q(status=statuses.LINE_CANCELLED) | Q(order__status=statuses.AWAITING_PAYMENT))

    def _sales(self, name):
        return (
            self._sold()
            .values(name)
            .annotate(orders=Count("order", distinct=True), units=Sum("quantity"), revenue=Sum("line_price_incl_tax"))
        )

    def _sales_columns(self, first):
        return [first, Column(_("Orders"), COUNT), Column(_("Units"), COUNT), Column(_("Revenue"), MONEY, charted=True)]

    @cached_property
    def sales_by_month(self):
        found = {
            _month(row["month"]): row
            for row in self._sold()
            .annotate(month=TruncMonth("order__date_placed"))
            .values("month")
            .annotate(orders=Count("order", distinct=True), units=Sum("quantity"), revenue=Sum("line_price_incl_tax"))
        }
        rows = []
        for month in self.period.months():
            row = found.get(month, {})
            rows.append((month, row.get("orders", 0), row.get("units") or 0, row.get("revenue") or Decimal(0)))
        return Table(
            "sales-months",
            _("Sales by month"),
            _("Orders, units and revenue by month"),
            self._sales_columns(Column(_("Month"), MONTH)),
            rows,
            chart="line" if len(rows) > 1 else "bar",
            note=_("Orders paid or to be paid on delivery; cancelled lines are not counted."),
        )

    @cached_property
    def sales_by_district(self):
        rows = self._sales("partner__legacy_district__short_name").order_by(
            "-revenue", "partner__legacy_district__short_name"
        )
        return Table(
            "sales-districts",
            _("Sales by district"),
            _("Orders, units and revenue by district (before 2025)"),
            self._sales_columns(Column(_("District (before 2025)"))),
            [
                (r["partner__legacy_district__short_name"] or _("Unknown"), r["orders"], r["units"], r["revenue"])
                for r in rows
            ],
            chart="bar",
            empty=_("Nothing was sold in the period."),
        )

    @cached_property
    def sales_by_producer(self):
        rows = self._sales("partner__name").order_by("-revenue", "partner__name")
        return Table(
            "sales-producers",
            _("Sales by producer"),
            _("Orders, units and revenue by producer"),
            self._sales_columns(Column(_("Producer"))),
            [(r["partner__name"], r["orders"], r["units"], r["revenue"]) for r in rows],
            empty=_("Nothing was sold in the period."),
        )

    @cached_property
    def totals(self):
        found = self._sold().aggregate(
            orders=Count("order", distinct=True), units=Sum("quantity"), revenue=Sum("line_price_incl_tax")
        )
        return {"orders": found["orders"], "units": found["units"] or 0, "revenue": found["revenue"] or Decimal(0)}

    # --- the ×1.5 target ----------------------------------------------------------------------
    @cached_property
    def growth(self):
        """Producers first certified in the two years up to the period's end: their revenue in the
        year before and the year after that certification, and whether it grew ×1.5."""
        first = dict(
            Partner.objects.filter(self.area.producers())
            .annotate(certified=Min("certificates__decision_date"))
            .filter(certified__gte=_years_before(self.period.end, 2), certified__lt=self.period.end)
            .values_list("pk", "certified")
        )
        names = dict(Partner.objects.filter(pk__in=first).values_list("pk", "name"))
        revenue = defaultdict(lambda: [Decimal(0), Decimal(0)])
        if first:
            since = _years_before(min(first.values()), 1)
            daily = (
                Line.objects.filter(partner__in=list(first), order__date_placed__gte=local_midnight(since))
                .exclude(Q(status=statuses.LINE_CANCELLED) | Q(order__status=statuses.AWAITING_PAYMENT))
                .annotate(day=TruncDate("order__date_placed"))
                .values("partner", "day")
                .annotate(revenue=Sum("line_price_incl_tax"))
            )
            for row in daily:
                certified = first[row["partner"]]
                if _years_before(certified, 1) <= row["day"] < certified:
                    revenue[row["partner"]][0] += row["revenue"]
                elif certified <= row["day"] < _years_after(certified, 1):
                    revenue[row["partner"]][1] += row["revenue"]
        rows = []
        for pk, certified in sorted(first.items(), key=lambda item: (item[1], names[item[0]])):
            before, after = revenue[pk]
            year_after_ends = _years_after(certified, 1)
            if year_after_ends > self.today:
                ratio, verdict = (
                    None,
                    _("Not enough data: the year after ends on %(date)s")
                    % {"date": year_after_ends.strftime("%d/%m/%Y")},
                )
            elif not before:
                ratio, verdict = None, _("Not enough data: no sales in the year before")
            else:
                ratio = (after / before).quantize(Decimal("0.01"))
                verdict = _("Target met") if ratio >= GROWTH_TARGET else _("Target not met")
            rows.append((names[pk], certified, before, after, ratio, verdict))
        return Table(
            "growth",
            _("Target ×1.5"),
            _("Revenue in the year after certification against the year before (target ×1.5)"),
            [
                Column(_("Producer")),
                Column(_("First certified"), DATE),
                Column(_("Year before"), MONEY),
                Column(_("Year after"), MONEY),
                Column(_("Ratio"), RATIO),
                Column(_("Result")),
            ],
            rows,
            note=_(
                "Producers first certified in the two years before the period ends; revenue through the marketplace."
            ),
            empty=_("No producer of the area was first certified in the two years up to the end of the period."),
        )

    @cached_property
    def growth_summary(self):
        measured = [row for row in self.growth.rows if row[4] is not None]
        return {
            "met": sum(1 for row in measured if row[4] >= GROWTH_TARGET),
            "measured": len(measured),
            "all": len(self.growth.rows),
        }

    # --- sales points, fairs, livestreams ----------------------------------------------------
    @cached_property
    def coverage(self):
        """Per province (before 2025): its districts, those with an active sales point, the points
        (in three queries, whatever the number of provinces)."""
        from marketplace.salespoints.models import SalesPoint

        provinces = LegacyProvince.objects.order_by("short_name")
        if self.area.province is not None:
            provinces = provinces.filter(successor=self.area.province)
        else:
            provinces = provinces.filter(pk__in=SalesPoint.objects.values("legacy_province"))
        districts = dict(
            LegacyDistrict.objects.filter(province__in=provinces)
            .values("province")
            .annotate(n=Count("pk"))
            .values_list("province", "n")
        )
        placed = {
            row["legacy_province"]: row
            for row in SalesPoint.objects.active()
            .filter(legacy_province__in=provinces, legacy_district__isnull=False)
            .values("legacy_province")
            .annotate(covered=Count("legacy_district", distinct=True), points=Count("pk"))
        }
        rows = []
        for province in provinces:
            total, found = districts.get(province.pk, 0), placed.get(province.pk, {})
            covered = found.get("covered", 0)
            rows.append((province.short_name, total, covered, total - covered, found.get("points", 0)))
        return Table(
            "coverage",
            _("Sales points"),
            _("Sales points: districts (before 2025) with a point"),
            [
                Column(_("Province (before 2025)")),
                Column(_("Districts"), COUNT),
                Column(_("With a point"), COUNT, charted=True),
                Column(_("Without a point"), COUNT, charted=True),
                Column(_("Active points"), COUNT),
            ],
            rows,
            chart="bar",
            note=_("The plans aim at a sales point in every district."),
            empty=_("No sales point has been recorded yet."),
        )

    def _fairs(self):
        from cms.fairs.models import FairPage

        return FairPage.objects.live().filter(starts_on__lt=self.period.end, ends_on__gte=self.period.start)

    @cached_property
    def fairs_held(self):
        return self._fairs().count()

    @cached_property
    def events(self):
        from cms.live.models import LiveSessionPage

        fairs = self._fairs()
        sessions = LiveSessionPage.objects.live().filter(starts_at__gte=self.start, starts_at__lt=self.end)
        rows = [(f.starts_on, f.ends_on, _("Trade fair"), f.title) for f in fairs.order_by("starts_on", "pk")]
        rows += [
            (timezone.localdate(s.starts_at), timezone.localdate(s.ends_at), _("Livestream"), s.title)
            for s in sessions.order_by("starts_at", "pk")
        ]
        rows.sort(key=lambda row: row[0])
        return Table(
            "events",
            _("Fairs, livestreams"),
            _("Trade fairs and livestream sessions held"),
            [Column(_("From"), DATE), Column(_("To"), DATE), Column(_("Kind")), Column(_("Title"))],
            rows,
            note=_("The plans ask for at least two trade fairs a year."),
            empty=_("No trade fair or livestream session in the period."),
        )

    # --- the whole report ---------------------------------------------------------------------
    def summary(self):
        """The key figures at the top of the dashboard and of the report."""
        stars = self.by_stars.rows
        return {
            "products": sum(row[1] for row in stars),
            "producers": self._listed().values("producer").distinct().count(),
            "certifications": sum(row[1] for row in self.certifications.rows),
            "orders": self.totals["orders"],
            "revenue": self.totals["revenue"],
            "districts_without_point": sum(row[3] for row in self.coverage.rows),
            "fairs": self.fairs_held,
            "growth": self.growth_summary,
        }

    def tables(self):
        return [
            self.by_stars,
            self.by_group,
            self.by_district,
            self.by_commune,
            self.certifications,
            self.expiring,
            self.withdrawn,
            self.sales_by_month,
            self.sales_by_district,
            self.sales_by_producer,
            self.growth,
            self.coverage,
            self.events,
        ]


def _month(value):
    """The first day of a month, from what ``TruncMonth`` gives (a date or an aware datetime)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _years_before(day, years):
    return _shift_years(day, -years)


def _years_after(day, years):
    return _shift_years(day, years)


def _shift_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
