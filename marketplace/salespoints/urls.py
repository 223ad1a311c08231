from django.urls import path

from . import views

app_name = "salespoints"
urlpatterns = [
    path("", views.LocatorView.as_view(), name="locator"),
    path("map.geojson", views.GeoJSONView.as_view(), name="geojson"),
    path("<slug:slug>/", views.PointView.as_view(), name="point"),
]
