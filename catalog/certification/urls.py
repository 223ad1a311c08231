from django.urls import path, re_path

from . import views

app_name = "certification"
CODE = r"(?P<code>[0-9A-Za-z][0-9A-Za-z.\-]{0,79})"

urlpatterns = [
    path("", views.lookup, name="verify-lookup"),
    re_path(rf"^{CODE}/$", views.verify, name="verify"),
    re_path(rf"^{CODE}/qr\.png$", views.qr_png, name="qr-png"),
    re_path(rf"^{CODE}/qr\.svg$", views.qr_svg, name="qr-svg"),
]
