"""Data for the home page's teaser of the sales points (``SalesPointsTeaserBlock``): a dot per
place that has points, drawn in the frame of the points themselves (a province or two on most
sites), so that the teaser shows how they spread over the districts."""

import math

from django.core.cache import cache

from marketplace.salespoints.models import SalesPoint

WIDTH = 300  # the drawing's width; its height follows the points' frame, at most MAX_HEIGHT
MAX_HEIGHT = 360
#: Dots closer than this (in the drawing's units) are one dot: a few hundred dots at most.
GRID = 4
MARGIN = 8
CACHE_KEY = "cms:sales-points-map:path"  # (the shape of the value is in the key)
CACHE_SECONDS = 600


def sales_points_map():
    """{"dots": n, "path": SVG path data, "points": n, "districts": n, "width", "height"};
    cached for ten minutes (points change by import, a few times a year).

    The dots are one path of zero-length strokes with round caps (``M12 40h0M16 44h0…``): one
    value in the template and a seventh of the markup of a ``<circle>`` per dot (hundreds of dots
    on a province's map made a third of the home page's HTML and most of its rendering)."""
    data = cache.get(CACHE_KEY)
    if data is None:
        data = _draw(list(SalesPoint.objects.active().values_list("longitude", "latitude", "legacy_district_id")))
        cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def _draw(rows):
    placed = [(lng, lat) for lng, lat, _ in rows if lng is not None and lat is not None]
    data = {
        "dots": 0,
        "path": "",
        "points": len(rows),
        "districts": len({district for *_, district in rows if district}),
        "width": WIDTH,
        "height": 0,
    }
    if not placed:
        return data
    west, east = min(p[0] for p in placed), max(p[0] for p in placed)
    south, north = min(p[1] for p in placed), max(p[1] for p in placed)
    # Degrees of longitude are shorter than degrees of latitude away from the equator.
    x_scale = math.cos(math.radians((north + south) / 2))
    span_x, span_y = max((east - west) * x_scale, 0.01), max(north - south, 0.01)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (MAX_HEIGHT - 2 * MARGIN) / span_y)
    data["height"] = round(span_y * scale + 2 * MARGIN)
    dots = set()
    for lng, lat in placed:
        x = MARGIN + (lng - west) * x_scale * scale
        y = MARGIN + (north - lat) * scale
        dots.add((round(x / GRID) * GRID, round(y / GRID) * GRID))
    data["dots"] = len(dots)
    data["path"] = "".join(f"M{x} {y}h0" for x, y in sorted(dots))
    return data
