"""The sales-point locator's query: the filters a shopper sets in the URL, applied the same way
to the list, the map (GeoJSON) and the product page's "where to buy"."""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.pagecache import DAY, kept

from . import geo, hours
from .models import Kind, OpeningHours, SalesPoint

Product = get_model("catalogue", "Product")

PER_PAGE = 30


class LocatorForm(forms.Form):
    """?province=<legacy GSO code>&district=<legacy GSO code>&kind=…&open=now&product=<id>&lat=…&lng=…
    A value that does not fit is reported and ignored; the others still apply."""

    province = forms.ChoiceField(label=_("Province"), required=False)
    district = forms.ChoiceField(label=_("District / town"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    open = forms.ChoiceField(label=_("Open now"), required=False, choices=[("", _("Any time")), ("now", _("Open now"))])
    product = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    lat = forms.FloatField(
        required=False, min_value=geo.LATITUDES[0], max_value=geo.LATITUDES[1], widget=forms.HiddenInput
    )
    lng = forms.FloatField(
        required=False, min_value=geo.LONGITUDES[0], max_value=geo.LONGITUDES[1], widget=forms.HiddenInput
    )

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The choices are kept under the listing generation (which a change of points or places
        # bumps) for the day: asked of the database once for the many visits to the locator.
        self.fields["province"].choices = [("", _("All provinces"))] + kept(
            "locator-provinces", make=_provinces, clock=DAY
        )
        # Districts of the chosen province (or of the chosen district's province).
        # Raw query values, used only when they look like GSO codes (PostgreSQL refuses NUL bytes).
        province = _code(data.get("province"))
        district = _code(data.get("district"))
        districts = kept(
            "locator-districts", province, district, make=lambda: _districts(province, district), clock=DAY
        )
        self.fields["district"].choices = [("", _("All districts")), *districts]

    def clean(self):
        data = super().clean()
        if ("lat" in data) != ("lng" in data) or (data.get("lat") is None) != (data.get("lng") is None):
            data["lat"] = data["lng"] = None
        return data


def _provinces():
    """(code, name) of the provinces that have an active point, by name."""
    provinces = LegacyProvince.objects.filter(pk__in=SalesPoint.objects.active().values("legacy_province_id"))
    return list(provinces.order_by("short_name").values_list("code", "short_name"))


def _districts(province, district):
    """(code, name) of the districts of ``province`` (or of ``district``'s province), by name."""
    if not (province or district):
        return []
    districts = LegacyDistrict.objects.filter(
        province_id__in=[province] if province else LegacyDistrict.objects.filter(pk=district).values("province_id")
    )
    return list(districts.order_by("short_name").values_list("code", "name"))


def _code(value):
    """``value`` when it looks like a GSO code (a few digits), else ``""``."""
    value = str(value or "")
    return value if value.isascii() and value.isdigit() and len(value) <= 8 else ""


@dataclass
class Filters:
    province: LegacyProvince | None = None
    district: LegacyDistrict | None = None
    kind: str = ""
    open_now: bool = False
    product: object = None  # a Product, listable or not
    product_id: int | None = None
    origin: tuple | None = None  # the shopper's (lat, lng)
    errors: list = field(default_factory=list)

    @property
    def any(self):
        return bool(self.province or self.district or self.kind or self.open_now or self.product_id)


def read_filters(params):
    """Filters from the query string; bad values become ``errors`` (shown) and are ignored."""
    form = LocatorForm(params)
    form.is_valid()
    data = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    errors = [f"{form.fields[name].label or name}: {' '.join(messages)}" for name, messages in form.errors.items()]
    filters = Filters(kind=data.get("kind") or "", open_now=data.get("open") == "now", errors=errors)
    # The place chosen (one of the form's choices), kept like them.
    if code := data.get("district"):
        filters.district = kept(
            "place",
            "district",
            code,
            make=lambda: LegacyDistrict.objects.select_related("province").get(pk=code),
            clock=DAY,
        )
        filters.province = filters.district.province
    elif code := data.get("province"):
        filters.province = kept("place", "province", code, make=lambda: LegacyProvince.objects.get(pk=code), clock=DAY)
    if data.get("product"):
        filters.product_id = data["product"]
        filters.product = Product.objects.select_related("certificate", "producer").filter(pk=data["product"]).first()
    if data.get("lat") is not None and data.get("lng") is not None:
        filters.origin = (data["lat"], data["lng"])
    return form, filters


def points(filters, strategy, at=None):
    """The active points matching ``filters``; with a product filter each is annotated with the
    ``quantity`` of that product it holds. Count their products with :func:`count_products`."""
    stock = strategy.stock_at_points(at)
    queryset = SalesPoint.objects.active().for_list()
    if filters.district:
        queryset = queryset.filter(legacy_district=filters.district)
    elif filters.province:
        queryset = queryset.filter(legacy_province=filters.province)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.open_now:
        queryset = queryset.open_at(at)
    if filters.product_id:
        held = stock.filter(product_id=filters.product_id, point=OuterRef("pk"))
        queryset = queryset.filter(Exists(held)).annotate(quantity=Subquery(held.values("available")[:1]))
    return queryset


def clock(at=None):
    """What the list, its count and the map show of "open now" at ``at`` is the same until the
    next time any point opens or closes: the stretch of the day ``at`` is in
    (:func:`.hours.period`), to keep them by (``clock=`` of :func:`~marketplace.pagecache.kept`
    and ``{% contentcache %}``) — made again when a point opens or closes, not every minute.
    The times are kept under the listing generation, which every change of hours bumps."""
    return hours.period(kept("opening-times", make=_opening_times, text=True, clock=DAY), at)


def _opening_times():
    return hours.edges(OpeningHours.objects.values_list("opens", "closes").distinct())


def count_products(strategy, point_ids=None, at=None):
    """``{point id: number of listable products in stock there}`` in one grouped query, for the
    given points (all when None). Cheaper than a subquery per point over the whole stock."""
    stock = strategy.stock_at_points(at)
    if point_ids is not None:
        stock = stock.filter(point_id__in=list(point_ids))
    return dict(stock.order_by().values("point_id").annotate(n=Count("pk")).values_list("point_id", "n"))


def ordered(queryset, origin=None):
    """The points grouped by district (province, district, name), or nearest first from ``origin``."""
    if origin is None:
        return queryset.order_by("legacy_province__short_name", "legacy_district__short_name", "name", "pk")
    return queryset.order_by("pk")
