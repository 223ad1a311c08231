"""schema.org ``Event`` data for a fair's page (search engines show it as an event: dates,
place, price), written through cms.jsonld.jsonld."""

from cms.jsonld import image_url, jsonld, plain

SCHEMA = "https://schema.org/"


def event_jsonld(fair, url):
    place = {
        "@type": "Place",
        "name": fair.venue_name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": fair.address,
            "addressLocality": fair.legacy_district.name if fair.legacy_district else "",
            "addressRegion": fair.legacy_province.name if fair.legacy_province else "",
            "addressCountry": "VN",
        },
    }
    if fair.has_location:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": fair.latitude, "longitude": fair.longitude}
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": fair.title,
        "description": plain(fair.intro, 500),
        "url": url,
        "startDate": fair.starts_at.isoformat(),
        "endDate": fair.ends_at.isoformat(),
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": place,
        "organizer": {"@type": "Organization", "name": fair.organiser},
        "offers": {
            "@type": "Offer",
            "price": fair.entry_fee or 0,
            "priceCurrency": "VND",
            "availability": SCHEMA + "InStock",
            "url": url,
        },
        "isAccessibleForFree": fair.is_free,
    }
    if fair.first_photo is not None:
        data["image"] = [image_url(fair.first_photo)]
    return jsonld(data)
