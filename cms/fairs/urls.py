"""``<page>/lich.ics``: a calendar file at the address of a fair or of the fairs' index.

Wagtail serves only addresses made of slash-ended segments without dots; this pattern hands
``…/lich.ics`` to Wagtail's own serving (:mod:`cms.routing`: site, locale and privacy rules
included), where the page's ``lich.ics/`` route (RoutablePageMixin) answers it. Other pages answer 404."""

from django.urls import re_path

from cms import routing

CALENDAR = "lich.ics"


def calendar(request, path):
    return routing.serve(request, f"{path}{CALENDAR}")


urlpatterns = [re_path(r"^(?P<path>(?:[\w\-]+/)+)lich\.ics$", calendar, name="fairs-calendar")]
