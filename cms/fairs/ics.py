"""iCalendar files of fairs (RFC 5545, written by the ``icalendar`` library): one event per fair,
its times in Asia/Ho_Chi_Minh with the zone's VTIMEZONE, so a phone's calendar shows the fair
at the right hours wherever its owner is. An event's UID stays the same across edits and
languages (the page's translation key), so a calendar that imports the file again updates the
fair instead of adding it twice."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from cms.jsonld import plain
from marketplace.site import absolute_url, site_parts

PRODUCT_ID = "-//Cho OCOP//Hoi cho OCOP//VI"


def event(fair, stamp):
    item = Event()
    item.add("uid", f"fair-{fair.translation_key}@{site_parts()[1]}")
    item.add("dtstamp", stamp)
    item.add("dtstart", fair.starts_at)
    item.add("dtend", fair.ends_at)
    if fair.last_published_at:
        item.add("last-modified", fair.last_published_at)
    item.add("summary", fair.title)
    item.add("location", fair.full_address)
    if fair.has_location:
        item.add("geo", (fair.latitude, fair.longitude))
    item.add("url", absolute_url(fair.url))
    description = plain(fair.intro)
    if fair.organiser:
        description = f"{description}\n\n{fair.organiser}"
    item.add("description", description)
    return item


def calendar(fairs, name):
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for fair in fairs:
        cal.add_component(event(fair, stamp))
    cal.add_missing_timezones()
    return cal


def calendar_response(fairs, name, filename):
    response = HttpResponse(calendar(fairs, name).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
