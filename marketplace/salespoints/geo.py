"""Distances and the shopper's location (which the browser shares, never the server guesses)."""

import math

#: Vietnam with its islands, generously: a location outside is ignored, not trusted.
LATITUDES = (7.0, 24.0)
LONGITUDES = (101.0, 118.0)
#: Where the product page finds a location the shopper shared on the locator ("lat,lng").
COOKIE = "ocop_near"


def in_vietnam(lat, lng):
    return LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lng <= LONGITUDES[1]


def parse_location(text):
    """``(lat, lng)`` from "21.27,106.2", or None for anything else."""
    try:
        lat, lng = (float(part) for part in str(text or "").split(","))
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lng) and in_vietnam(lat, lng)):
        return None
    return lat, lng


def distance_km(lat1, lng1, lat2, lng2):
    """Great-circle distance in kilometres (haversine; within a metre or so at these distances)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


def by_distance(items, origin, position):
    """``items`` nearest first from ``origin`` (lat, lng), each as ``(item, km)``; ``position(item)``
    gives an item's (lat, lng) or None — those without a position come last, in their order."""
    placed, unplaced = [], []
    for item in items:
        where = position(item)
        if where is None or where[0] is None or where[1] is None:
            unplaced.append((item, None))
        else:
            placed.append((item, distance_km(*origin, *where)))
    placed.sort(key=lambda pair: pair[1])
    return placed + unplaced
