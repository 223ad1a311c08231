from django.db import transaction
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("products/", views.ProductList.as_view(), name="products"),
    path("products/<int:pk>/", views.ProductDetail.as_view(), name="product"),
    # Certificate codes are whatever the registry issued, slashes and spaces included; anything
    # else typed (a line break too) reaches the view, which answers 404 in JSON.
    re_path(r"^certificates/(?P<code>[\s\S]+)/$", views.CertificateDetail.as_view(), name="certificate"),
    path("sales-points/", views.SalesPointList.as_view(), name="sales-points"),
    path("sales-points/geojson/", views.SalesPointGeoJSON.as_view(), name="sales-points-geojson"),
    path("fairs/", views.FairList.as_view(), name="fairs"),
    path("producer/products/", views.OwnProductList.as_view(), name="own-products"),
    path("producer/products/<int:pk>/", views.OwnProductDetail.as_view(), name="own-product"),
    # The schema and its docs are made from the code, without the database: no transaction.
    path("schema/", transaction.non_atomic_requests(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        transaction.non_atomic_requests(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    # Anything else under /api/ (an id that is not a number, a misspelt endpoint): 404 in JSON.
    re_path(r"^[\s\S]*$", views.NotFound.as_view(), name="not-found"),
]
