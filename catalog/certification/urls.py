from django.urls import path

from . import views

app_name = "certification"

# Certificate codes are whatever the registry issued, slashes and spaces included
# ("12/GCN-OCOP 2026"), so they are matched as paths; the QR routes come first.
urlpatterns = [
    path("", views.lookup, name="verify-lookup"),
    path("<path:code>/qr.png", views.qr_png, name="qr-png"),
    path("<path:code>/qr.svg", views.qr_svg, name="qr-svg"),
    path("<path:code>/", views.verify, name="verify"),
]
