"""The public side of the sales points: the locator (a list that works without JavaScript,
filters in the URL, a map as an enhancement), a page per point and the GeoJSON the map reads.

What a point sells comes from the purchase strategy (``request.strategy.stock_at_points``),
so only listable products are ever shown there."""

import json

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model

from catalog.search import service
from marketplace.pagecache import DAY, PublicPageView, kept

from . import geo, hours, locator
from .models import OpeningHours, SalesPoint

Product = get_model("catalogue", "Product")

PRODUCTS_PER_PAGE = 24


def _page_number(request):
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def _page(paginator, number):
    try:
        return paginator.page(number)
    except EmptyPage as e:
        raise Http404("no such page") from e


class LocatorView(PublicPageView, TemplateView):
    """The locator. The points of the page are loaded and grouped only when the template asks
    for them (:class:`LocatorResults`), inside a ``{% contentcache %}`` kept per address,
    language, listing generation and opening-hours period (:func:`.locator.clock`: until a point
    opens or closes): repeated visits to the same list cost nothing of the database."""

    template_name = "salespoints/locator.html"

    def get_context_data(self, **kwargs):
        form, filters = locator.read_filters(self.request.GET)
        now = timezone.now()

        # The points' query is made only when the count or the page's kept list is not cached.
        def points():
            return locator.points(filters, self.request.strategy, now)

        number = _page_number(self.request)
        clock = locator.clock(now)
        total = self.count(points, clock)
        if number > max(1, -(-total // locator.PER_PAGE)):
            raise Http404("no such page")
        return super().get_context_data(
            form=form,
            filters=filters,
            page_number=number,
            results=LocatorResults(self.request, filters, points, number, now, total),
            total=total,
            clock=clock,
            geojson_url=reverse("salespoints:geojson") + _query(self.request.GET, drop=("page", "lat", "lng")),
            query_without_page=_query(self.request.GET, drop=("page",), trailing=True),
            tiles=settings.MAP_TILES,
            product_listable=filters.product is not None and filters.product.why_not_listable() is None,
            **kwargs,
        )

    def count(self, points, clock):
        """How many points the list holds, kept like the list itself (per address, language,
        listing generation and opening-hours period: "open now" counts only the open ones)."""
        query = _query(self.request.GET, drop=("page",))
        return kept("locator-count", query, make=lambda: points().count(), clock=clock)


class LocatorResults:
    """The locator's page of points, grouped by district (or nearest first), loaded on first use."""

    def __init__(self, request, filters, points, number, now, total):
        self.request, self.filters, self.points, self.number, self.now = request, filters, points, number, now
        self.total = total

    @cached_property
    def _loaded(self):
        filters, queryset = self.filters, self.points()
        if filters.origin:
            # Nearest first: order every matching point's position (one light query), then load the page.
            rows = queryset.values_list("pk", "latitude", "longitude")
            ranked = geo.by_distance(rows, filters.origin, lambda row: (row[1], row[2]))
            page = _page(Paginator(ranked, locator.PER_PAGE), self.number)
            loaded = queryset.in_bulk([row[0] for row, _km in page.object_list])
            entries = [(loaded[row[0]], km) for row, km in page.object_list]
        else:
            paginator = Paginator(locator.ordered(queryset), locator.PER_PAGE)
            paginator.count = self.total  # counted by the view already (a cached_property: not twice)
            page = _page(paginator, self.number)
            entries = [(point, None) for point in page.object_list]
        counts = locator.count_products(self.request.strategy, [point.pk for point, _km in entries], self.now)
        for point, _km in entries:
            point.num_products = counts.get(point.pk, 0)
        return page, _group_by_district(entries, self.now)

    @property
    def page_obj(self):
        return self._loaded[0]

    @property
    def groups(self):
        return self._loaded[1]


def _query(params, drop=(), trailing=False):
    kept = params.copy()
    for name in drop:
        kept.pop(name, None)
    encoded = kept.urlencode()
    if trailing:
        return f"?{encoded}&" if encoded else "?"
    return f"?{encoded}" if encoded else ""


def _group_by_district(entries, at):
    """``[(district, [(point, km, is_open, next_change)])]`` in the order the points come."""
    groups, index = [], {}
    for point, km in entries:
        is_open, change = point.open_status(at)
        key = point.legacy_district_id
        if key not in index:
            index[key] = len(groups)
            groups.append((point.legacy_district, []))
        groups[index[key]][1].append((point, km, is_open, change))
    return groups


class PointView(PublicPageView, TemplateView):
    template_name = "salespoints/point.html"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        # The point with its hours and photos, kept under the listing generation (which every
        # change of a point, its hours or its stock bumps) for the day, as a product page's.
        self.point = kept(
            "sales-point",
            slug,
            make=lambda: SalesPoint.objects.for_list().prefetch_related("images").filter(slug=slug).first() or False,
            clock=DAY,
        )
        if not self.point:
            raise Http404
        if not self.point.is_active:
            return TemplateResponse(request, "salespoints/closed.html", {"point": self.point}, status=410)
        return super().get(request, *args, **kwargs)

    def held_ids(self):
        """The ids of the products the point holds that may be shown, best first. The point's own
        rows first (a few hundred at most), then only those products' ids in order: cheaper than
        joining every product of the catalogue against the point's stock."""
        held = list(
            self.request.strategy.stock_at_points().filter(point=self.point).values_list("product_id", flat=True)
        )
        ordered = Product.objects.filter(pk__in=held).order_by("-stars", "title", "pk")
        return list(ordered.values_list("pk", flat=True))

    def get_context_data(self, **kwargs):
        point = self.point
        # Ids kept like the point; the page's cards come from the card cache (the products are
        # loaded only for cards not in it).
        page = _page(
            Paginator(kept("point-products", point.pk, make=self.held_ids, clock=DAY), PRODUCTS_PER_PAGE),
            _page_number(self.request),
        )
        is_open, change = point.open_status()
        today = hours.local_now().weekday()
        return super().get_context_data(
            point=point,
            page_obj=page,
            products=service.load(page.object_list),
            is_open=is_open,
            next_change=change,
            week=[(name, ranges, day == today) for day, (name, ranges) in enumerate(point.week())],
            tiles=settings.MAP_TILES,
            json_ld=_json_ld(point, self.request.build_absolute_uri(point.get_absolute_url())),
            **kwargs,
        )


SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _json_ld(point, url):
    """schema.org Store for search engines, safe inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Store",
        "name": point.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": point.address,
            "addressLocality": point.legacy_district.name if point.legacy_district else "",
            "addressRegion": point.legacy_province.name if point.legacy_province else "",
            "addressCountry": "VN",
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[r.weekday]}",
                "opens": r.opens.strftime("%H:%M"),
                "closes": "23:59" if r.overnight and r.closes == r.opens else r.closes.strftime("%H:%M"),
            }
            for r in point.ranges
        ],
    }
    if point.phone:
        data["telephone"] = point.phone
    if point.has_location:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": point.latitude, "longitude": point.longitude}
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 — JSON with <, > and & escaped cannot leave the element


class GeoJSONView(PublicPageView, View):
    """``map.geojson``: a FeatureCollection of the active points matching the locator's filters,
    kept per query, language, listing generation and opening-hours period like the locator's
    list (:func:`.locator.clock`: its "open now" until a point opens or closes). Browsers may
    keep it a minute (``Cache-Control``)."""

    CACHE_SECONDS = 60

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        body = kept(
            "locator-geojson",
            request.GET.urlencode(),
            make=lambda: self.collection(request, now),
            text=True,
            clock=locator.clock(now),
        )
        response = HttpResponse(body, content_type="application/geo+json")
        response["Cache-Control"] = f"public, max-age={self.CACHE_SECONDS}"
        return response

    def collection(self, request, now):
        _form, filters = locator.read_filters(request.GET)
        queryset = (
            locator.points(filters, request.strategy, now)
            .filter(latitude__isnull=False, longitude__isnull=False)
            .order_by("pk")
            .values(
                "pk",
                "code",
                "slug",
                "name",
                "kind",
                "latitude",
                "longitude",
                "location_source",
                "legacy_district_id",
                "legacy_province_id",
            )
        )
        rows = list(queryset)
        ids = [p["pk"] for p in rows]
        # Two grouped queries for all the points (not a subquery per point): products and hours.
        scope = ids if filters.any else None  # unfiltered: every active point, no need to list them
        counts = locator.count_products(request.strategy, scope, now)
        open_hours = OpeningHours.objects.filter(hours.open_q(now))
        if scope is not None:
            open_hours = open_hours.filter(point_id__in=scope)
        open_ids = set(open_hours.values_list("point_id", flat=True))
        for p in rows:
            p["num_products"], p["is_open"] = counts.get(p["pk"], 0), p["pk"] in open_ids
        kinds = dict(locator.Kind.choices)
        base = reverse("salespoints:point", kwargs={"slug": "-"})[:-2]
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(p["longitude"], 6), round(p["latitude"], 6)]},
                "properties": {
                    "code": p["code"],
                    "name": p["name"],
                    "kind": p["kind"],
                    "kind_label": str(kinds.get(p["kind"], p["kind"])),
                    "province_code": p["legacy_province_id"],
                    "district_code": p["legacy_district_id"],
                    "url": f"{base}{p['slug']}/",
                    "open_now": p["is_open"],
                    "products": p["num_products"],
                    "approximate": p["location_source"] != "given",
                },
            }
            for p in rows
        ]
        return json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
        ).encode()
