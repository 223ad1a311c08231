"""``<page>/lich.ics``: a calendar file at the address of a fair or of the fairs' index.

Wagtail serves only addresses made of slash-ended segments without dots; this pattern hands
``…/lich.ics`` to Wagtail's own serving (site, locale and privacy rules included), where the
page's ``lich.ics/`` route (RoutablePageMixin) answers it. Other pages answer 404."""

from django.urls import re_path
from wagtail import views as wagtail_views

CALENDAR = "lich.ics"


def calendar(request, path):
    return wagtail_views.serve(request, f"{path}{CALENDAR}")


urlpatterns = [re_path(r"^(?P<path>(?:[\w\-]+/)+)lich\.ics$", calendar, name="fairs-calendar")]
