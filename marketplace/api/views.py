"""The public API (read-only, no sign-in): listed products with the catalogue's filters,
certificates by code (what the verification page says), sales points (also as GeoJSON) and fairs;
and, with a token, a producer's own products (price, stock, description, weight), through the
ownership rule and the producer dashboard's own form. Schema at /api/schema/, docs at /api/docs/.
"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from oscar.core.loading import get_model
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.certification.models import Certificate
from catalog.search import service
from catalog.search.query import FACETS, SORTS, SearchRequest
from marketplace.producers import access
from marketplace.salespoints import locator
from marketplace.salespoints.views import GeoJSONView
from marketplace.text import code_key, printable

from . import serializers as s

Product = get_model("catalogue", "Product")
MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1  # the largest id an AutoField holds: a larger number names nothing (not a 500)
POINTS_PER_PAGE = 50


def _number(text, default, low=1, high=None):
    """A positive whole number from the query string, or ``default`` for anything else."""
    try:
        value = int(str(text))
    except (TypeError, ValueError):
        return default
    value = max(low, value)
    return min(value, high) if high else value


def _products(ids):
    """Products ``ids`` through the listing rule, in that order, with what the API shows."""
    found = (
        Product.objects.certified()
        .filter(pk__in=ids)
        .select_related("certificate", "group", "producer__province")
        .prefetch_related("stockrecords")
        .in_bulk()
    )
    return [found[i] for i in ids if i in found]


NOT_FOUND = {404: s.ErrorSerializer}
THROTTLED = {429: s.ErrorSerializer}
TOKEN_ONLY = {401: s.ErrorSerializer, 403: s.ErrorSerializer}

FILTERS = [
    OpenApiParameter("q", str, description="Words to search, with or without diacritics."),
    *(
        OpenApiParameter(name, str, many=True, description=f"{label} (repeat for several values).")
        for name, label in (
            ("province", "Province (before 2025) GSO code, e.g. 24"),
            ("district", "District (before 2025) GSO code, e.g. 218"),
            ("group", "Decision 148 group, e.g. I"),
            ("subgroup", "Classification code, e.g. I.2.b"),
            ("stars", "3, 4 or 5"),
            ("price", "A price range: 0-100000, 100000-300000, 300000-1000000, 1000000-"),
            ("buy_online", "1: sold online; 0: only at sales points"),
        )
    ),
    OpenApiParameter("sort", str, enum=list(SORTS), description="Order of the results."),
    OpenApiParameter("page", int, description="From 1."),
    OpenApiParameter("per_page", int, description=f"1 to {MAX_PER_PAGE} (default 24)."),
]


class ProductList(APIView):
    @extend_schema(
        parameters=FILTERS,
        responses={200: s.ProductPageSerializer, **THROTTLED},
        operation_id="products_list",
        summary="Listed products",
    )
    def get(self, request):
        """The listed products, found and filtered as on the catalogue (same search, same rule)."""
        params = request.query_params
        asked = SearchRequest(
            q=params.get("q", ""),
            # Certified products (gift combos have no certificate of their own to describe).
            filters={**{name: params.getlist(name) for name in FACETS if name in params}, "combo": ["0"]},
            sort=params.get("sort", "relevance"),
            page=_number(params.get("page"), 1),
            per_page=_number(params.get("per_page"), 24, high=MAX_PER_PAGE),
        )
        hits = service.search_hits(asked)
        num_pages = max(1, -(-hits.total // asked.per_page))
        page = {"count": hits.total, "page": asked.page, "num_pages": num_pages, "results": _products(hits.ids)}
        return Response(s.ProductPageSerializer(page).data)


class ProductDetail(APIView):
    @extend_schema(
        responses={200: s.ProductSerializer, **NOT_FOUND, **THROTTLED},
        operation_id="products_retrieve",
        summary="A listed product",
    )
    def get(self, request, pk):
        products = _products([pk]) if pk <= MAX_ID else []
        if not products:
            raise Http404
        return Response(s.ProductSerializer(products[0]).data)


class CertificateDetail(APIView):
    @extend_schema(
        responses={200: s.CertificateSerializer, **NOT_FOUND, **THROTTLED},
        operation_id="certificates_retrieve",
        summary="A certificate, by its code",
    )
    def get(self, request, code):
        """What the verification page says of a certificate: its stars, decision, validity,
        status in words, and whether its product is listed today. The code may be typed with any
        case, spacing or dashes."""
        key = code_key(code[:200]) if printable(code) else ""
        certificate = (
            Certificate.objects.select_related("product__certificate", "product__producer", "producer")
            .filter(code_key=key)
            .first()
            if key
            else None
        )
        if certificate is None:
            raise Http404
        return Response(s.CertificateSerializer(certificate).data)


POINT_FILTERS = [
    OpenApiParameter("province", str, description="Province (before 2025) GSO code."),
    OpenApiParameter("district", str, description="District (before 2025) GSO code."),
    OpenApiParameter("product", int, description="Only points holding this listed product."),
    OpenApiParameter("open", str, enum=["now"], description="Only points open now (Vietnam's time)."),
    OpenApiParameter("kind", str, description="The kind of point."),
]


class SalesPointList(APIView):
    @extend_schema(
        parameters=[*POINT_FILTERS, OpenApiParameter("page", int)],
        responses={200: s.SalesPointPageSerializer, **THROTTLED},
        operation_id="sales_points_list",
        summary="Sales points",
    )
    def get(self, request):
        """Active sales points, filtered like the locator; unknown filter values are ignored."""
        _form, filters = locator.read_filters(request.query_params)
        points = locator.points(filters, request._request.strategy, timezone.now()).select_related(
            "legacy_province", "legacy_district"
        )
        total = points.count()
        num_pages = max(1, -(-total // POINTS_PER_PAGE))
        page = min(_number(request.query_params.get("page"), 1), num_pages)
        rows = points.order_by("legacy_province__short_name", "name", "pk")[
            (page - 1) * POINTS_PER_PAGE : page * POINTS_PER_PAGE
        ]
        data = {"count": total, "page": page, "num_pages": num_pages, "results": list(rows)}
        return Response(s.SalesPointPageSerializer(data).data)


class SalesPointGeoJSON(APIView):
    @extend_schema(
        parameters=POINT_FILTERS,
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT, **THROTTLED},
        operation_id="sales_points_geojson",
        summary="Sales points as GeoJSON",
    )
    def get(self, request):
        """The same points as a GeoJSON FeatureCollection (the locator's map)."""
        return GeoJSONView.as_view()(request._request)


class FairList(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("when", str, enum=["upcoming", "past"], description="Default: upcoming.")],
        responses={200: s.FairSerializer(many=True), **THROTTLED},
        operation_id="fairs_list",
        summary="Trade fairs",
    )
    def get(self, request):
        """Published trade fairs: on now and coming up (soonest first), or past ones (latest first)."""
        from cms.fairs.models import past_fairs, upcoming_fairs

        fairs = past_fairs() if request.query_params.get("when") == "past" else upcoming_fairs()
        return Response(s.FairSerializer(list(fairs[:100]), many=True).data)


class IsProducerOrStaff(BasePermission):
    message = "Only a producer's users (or staff) may use these endpoints."

    def has_permission(self, request, view):
        return access.is_producer(request.user) or access.is_staff(request.user)


class OwnProducts(APIView):
    permission_classes = [IsProducerOrStaff]

    def owned(self, request):
        return (
            access.products_for(request.user).select_related("certificate", "producer").prefetch_related("stockrecords")
        )

    def shown(self, product):
        from marketplace.producers.dashboard.forms import own_stockrecord

        record = own_stockrecord(product)
        data = s.OwnProductSerializer(product).data
        data["price"] = int(record.price) if record is not None and record.price is not None else None
        data["num_in_stock"] = record.num_in_stock if record is not None else None
        data["description"] = product.description
        data["weight_grams"] = product.weight_grams
        return data


class OwnProductList(OwnProducts):
    @extend_schema(
        responses={200: s.OwnProductSerializer(many=True), **TOKEN_ONLY, **THROTTLED},
        operation_id="producer_products_list",
        summary="Your products (token)",
    )
    def get(self, request):
        """The products of the producers the token's user works for (all of them for staff, at
        most 500)."""
        return Response([self.shown(product) for product in self.owned(request).order_by("title", "pk")[:500]])


class OwnProductDetail(OwnProducts):
    def get_product(self, request, pk):
        product = self.owned(request).filter(pk=pk).first() if pk <= MAX_ID else None
        if product is None:
            raise Http404  # another producer's product is not found, not forbidden
        return product

    @extend_schema(
        responses={200: s.OwnProductSerializer, **TOKEN_ONLY, **NOT_FOUND, **THROTTLED},
        operation_id="producer_products_retrieve",
        summary="One of your products (token)",
    )
    def get(self, request, pk):
        return Response(self.shown(self.get_product(request, pk)))

    @extend_schema(
        request=s.OwnProductSerializer,
        responses={200: s.OwnProductSerializer, 400: OpenApiTypes.OBJECT, **TOKEN_ONLY, **NOT_FOUND, **THROTTLED},
        operation_id="producer_products_partial_update",
        summary="Change your product",
    )
    def patch(self, request, pk):
        """Change the price, the stock online, the description or the weight: what the producer
        dashboard's form allows, checked by that same form."""
        from marketplace.producers.dashboard.forms import ProductForm, html_to_text, own_stockrecord

        product = self.get_product(request, pk)
        given = s.OwnProductSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        record = own_stockrecord(product)
        data = {
            "description": html_to_text(product.description),
            "weight_grams": product.weight_grams,
            "price": int(record.price) if record is not None and record.price is not None else None,
            "num_in_stock": record.num_in_stock if record is not None else None,
            **given.validated_data,
        }
        form = ProductForm(data={k: "" if v is None else v for k, v in data.items()}, instance=product)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        form.save()
        return Response(self.shown(self.owned(request).get(pk=product.pk)))


@extend_schema(exclude=True)
class NotFound(APIView):
    """Any address under /api/ that is not an endpoint: a JSON 404, whatever the method."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise Http404
