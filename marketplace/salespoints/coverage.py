"""The coverage of a province by its sales points — one query layer for the dashboard page
(dashboard/views.py) and ``manage.py sales_point_coverage``.

For one legacy province: every legacy district with its number of active points and the number
of listable products (and of their producers) on the shelves of those points; the points that
fail Decision 950/QĐ-BCT or were never assessed; and the points still holding products that are
no longer listable (Decision 950 allows only certified products of 3★ or more, so they must come
off the shelf). "On the shelf" is what the purchase strategy says may be shown
(``stock_at_points``: listable products, available, at active points); nothing here re-implements
the listing rule. Every function answers plain data in a constant number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.producers.strategy import Default

from .models import PointStock, SalesPoint

Product = get_model("catalogue", "Product")

#: The columns of the district table as CSV (the dashboard's download and the command's --csv);
#: Vietnamese, like the provinces' own spreadsheets.
CSV_HEADER = ["Mã huyện", "Huyện", "Loại", "Số điểm bán hoạt động", "Số sản phẩm OCOP đang bày bán", "Số chủ thể"]


def shown_stock(at=None):
    """The point stock that may be shown as available (the strategy's ``stock_at_points``)."""
    return Default().stock_at_points(at)


def with_shown_products(points, at=None):
    """``points`` annotated with ``shown_products``: how many listable products each holds in stock."""
    return points.annotate(shown_products=_count_of(shown_stock(at), "point", "product"))


def _count_of(queryset, outer, counted):
    """A correlated subquery: how many distinct ``counted`` the rows of ``queryset`` whose ``outer``
    is the outer row hold (0 when none)."""
    grouped = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count(counted, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(grouped, output_field=IntegerField()), Value(0))


@dataclass
class DistrictRow:
    code: str
    name: str
    kind: str
    points: int
    products: int
    producers: int

    @property
    def has_points(self):
        return self.points > 0

    def as_csv(self):
        return [self.code, self.name, self.kind, self.points, self.products, self.producers]


@dataclass
class PointRow:
    pk: int
    code: str
    name: str
    district: str
    failed_criteria: list = field(default_factory=list)


@dataclass
class OffShelfRow:
    """A product a point holds in stock though it is no longer listable, and why."""

    code: str
    title: str
    producer: str
    quantity: int
    reason: str


@dataclass
class Coverage:
    province: LegacyProvince
    districts: list
    points: int  # active points in the province, with or without a district
    unplaced: int  # active points of the province with no district
    products: int  # distinct listable products on the shelves of the province's points
    producers: int
    failing_950: list
    unassessed_950: list
    off_shelf: list  # [(PointRow, [OffShelfRow])]

    @property
    def districts_without_points(self):
        return [row for row in self.districts if not row.has_points]


def provinces():
    """Every legacy province with ``points``, its number of sales points (active or not)."""
    return LegacyProvince.objects.annotate(
        points=_count_of(SalesPoint.objects.all(), "legacy_province", "pk")
    ).order_by("short_name")


def default_province():
    """The first province (by name) that has sales points, or None."""
    return LegacyProvince.objects.filter(
        pk__in=SalesPoint.objects.exclude(legacy_province=None).values("legacy_province")
    ).first()


def district_rows(province, at=None):
    """Every legacy district of ``province``: districts without an active point first, then by name."""
    shown = shown_stock(at)
    districts = (
        LegacyDistrict.objects.filter(province=province)
        .annotate(
            n_points=_count_of(SalesPoint.objects.active(), "legacy_district", "pk"),
            n_products=_count_of(shown, "point__legacy_district", "product"),
            n_producers=_count_of(shown, "point__legacy_district", "product__producer"),
        )
        .order_by("short_name", "code")
    )
    rows = [DistrictRow(d.code, d.short_name, d.kind, d.n_points, d.n_products, d.n_producers) for d in districts]
    return sorted(rows, key=lambda row: row.has_points)  # stable: by name within each part


def _point_row(point):
    return PointRow(
        pk=point.pk,
        code=point.code,
        name=point.name,
        district=point.legacy_district.short_name if point.legacy_district else "",
        failed_criteria=[str(label) for label in point.failed_criteria_labels],
    )


def coverage(province, at=None):
    """The whole report for ``province`` (a :class:`LegacyProvince`)."""
    active = SalesPoint.objects.active().filter(legacy_province=province).select_related("legacy_district")
    counts = active.aggregate(points=Count("pk"), unplaced=Count("pk", filter=Q(legacy_district=None)))
    stocked = (
        shown_stock(at)
        .filter(point__legacy_province=province)
        .aggregate(products=Count("product", distinct=True), producers=Count("product__producer", distinct=True))
    )
    assessed = list(active.filter(Q(meets_950=False) | Q(meets_950=None)).order_by("name", "pk"))
    return Coverage(
        province=province,
        districts=district_rows(province, at),
        points=counts["points"],
        unplaced=counts["unplaced"],
        products=stocked["products"],
        producers=stocked["producers"],
        failing_950=[_point_row(p) for p in assessed if p.meets_950 is False],
        unassessed_950=[_point_row(p) for p in assessed if p.meets_950 is None],
        off_shelf=off_shelf(province, at),
    )


def off_shelf(province, at=None):
    """The active points of ``province`` holding stock of products that may not be shown (no
    longer listable), each with those products and why: ``[(PointRow, [OffShelfRow])]``."""
    rows = (
        PointStock.objects.filter(
            point__legacy_province=province, point__is_active=True, num_in_stock__gt=0, product__parent=None
        )
        .exclude(product__in=Product.objects.listable(at).values("pk"))  # on the shelf, reserved or not
        .select_related("point__legacy_district", "product__certificate", "product__producer")
        .order_by("point__name", "point__pk", "product__title", "pk")
    )
    report = {}
    for stock in rows:
        product = stock.product
        entry = report.setdefault(stock.point_id, (_point_row(stock.point), []))
        entry[1].append(
            OffShelfRow(
                code=product.product_code or "",
                title=product.title,
                producer=product.producer.name if product.producer else "",
                quantity=stock.num_in_stock,
                reason=product.why_not_listable(at) or "",
            )
        )
    return list(report.values())
