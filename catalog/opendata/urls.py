from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.numbers, name="numbers"),
    path("ocop-products.csv", views.products_csv, name="products-csv"),
    path("ocop-products.json", views.products_json, name="products-json"),
]
