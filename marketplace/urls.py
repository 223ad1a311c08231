from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalog.feeds import NewlyCertifiedFeed
from catalog.sitemaps import sitemap_view
from cms import routing
from marketplace.producers.accounts_views import ProducerInviteView

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path("feeds/new-products/", NewlyCertifiedFeed(), name="feed-new-products"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    # The home page is a Wagtail page; it must come before Oscar's redirect at "/".
    path("", routing.serve, {"path": ""}, name="home"),
    path("verify/", include("catalog.certification.urls")),
    path("dashboard/ocop/", apps.get_app_config("registry_dashboard").urls),
    path("dashboard/ocop/", apps.get_app_config("certification_dashboard").urls),
    path("dashboard/sales-points/", apps.get_app_config("salespoints_dashboard").urls),
    path("dashboard/province/", apps.get_app_config("province_reports_dashboard").urls),
    path("dashboard/shop/", apps.get_app_config("producers_dashboard").urls),
    path("dashboard/payments/", apps.get_app_config("payment_dashboard").urls),
    path("dashboard/partners/<int:pk>/invite/", ProducerInviteView.as_view(), name="producer-invite"),
    path("dashboard/stories/", include("cms.stories.views")),
    path("sales-points/", include("marketplace.salespoints.urls")),
    path("open-data/", include("catalog.opendata.urls")),
    path("api/", include("marketplace.api.urls")),
    path("payments/", include("marketplace.payment.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
if settings.SERVE_MEDIA:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
# Wagtail's URLs, its pages served through cms.routing (the site and page routing kept in the cache).
urlpatterns += [
    path("", include("cms.fairs.urls")),
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]
