"""Sales points at national scale for the page benchmark: 2,000 points spread over the ~700
legacy districts (every district has one; cities and Lục Nam have more), each with its opening
hours and 20–80 products on its shelves (mostly its own province's), about 100,000 stock rows.
Created with bulk_create in a few seconds; safe to run again (it does nothing when the points
are there).

    manage.py shell -c "from bench.salespoints import prepare; prepare()"

The pages measured over them: bench/pages.py.
"""

import random
import time
from collections import defaultdict

from oscar.core.loading import get_model

from marketplace.adminunits.models import LegacyDistrict, LegacyWard
from marketplace.salespoints import hours
from marketplace.salespoints.models import Kind, LocationSource, OpeningHours, PointStock, SalesPoint

Product = get_model("catalogue", "Product")

POINTS = 2_000
STOCK_PER_POINT = (20, 80)
SEED = 950
# The points the filters of the benchmark look at: Bắc Giang (24) and Lục Nam (218), and the
# place whose distance sorting is measured (Bắc Giang city, 21.27 N 106.2 E).
EXTRA = {"218": 6, "213": 4}
HOURS = [
    "T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ",
    "T2-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30; CN nghỉ",
    "T2-CN 07:30-21:00",
    "T2-CN 06:30-18:00",
    "T2-T7 07:00-17:30; CN 07:30-11:30",
    "T6-T7 18:00-00:30; CN 18:00-23:00",
    "T2-CN 08:00-22:00",
]
KIND_WEIGHTS = {Kind.DISTRICT: 60, Kind.PARTNER: 20, Kind.TOURIST: 10, Kind.SHOWROOM: 5, Kind.FAIR: 5}


def _spread(districts, rng):
    """District code -> number of points: one each, the rest to busy places (cities and towns weigh 3)."""
    counts = {d.code: 1 for d in districts}
    for code, extra in EXTRA.items():
        counts[code] += extra
    weights = [3 if d.kind.lower().startswith(("thành phố", "quận", "thị xã")) else 1 for d in districts]
    for district in rng.choices(districts, weights, k=POINTS - sum(counts.values())):
        counts[district.code] += 1
    return counts


def prepare(seed=SEED):
    if SalesPoint.objects.exists():
        print(f"{SalesPoint.objects.count()} sales points already there")
        return
    started = time.perf_counter()
    rng = random.Random(seed)
    districts = list(LegacyDistrict.objects.select_related("province").order_by("code"))
    wards = defaultdict(list)
    for ward in LegacyWard.objects.select_related("successor").order_by("code"):
        wards[ward.district_id].append(ward)
    by_code = {d.code: d for d in districts}
    points = []
    for code, count in _spread(districts, rng).items():
        district = by_code[code]
        for n in range(1, count + 1):
            ward = rng.choice(wards[code]) if wards[code] else None
            kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
            place = ward or district
            given = rng.random() < 0.4 and place.latitude is not None
            point = SalesPoint(
                code=f"B-{code}-{n:02d}",
                slug=f"b-{code}-{n:02d}",
                name=f"Điểm giới thiệu và bán sản phẩm OCOP {district.kind.lower()} {district.short_name} số {n}",
                kind=kind,
                operator=f"Phòng Kinh tế {district.kind.lower()} {district.short_name}",
                address=f"Số {rng.randint(1, 300)} đường Hùng Vương, {place.name}, {district.name}",
                legacy_province_id=district.province_id,
                legacy_district_id=code,
                legacy_ward=ward,
                province_id=district.province.successor_id,
                commune_id=ward.successor_id if ward else None,
                phone=f"02{rng.randint(10, 99)} 3{rng.randint(100, 999)} {rng.randint(100, 999)}",
                meets_950=rng.choice([True, True, False, None]),
                is_active=rng.random() < 0.97,
            )
            if given:
                point.latitude = place.latitude + rng.uniform(-0.004, 0.004)
                point.longitude = place.longitude + rng.uniform(-0.004, 0.004)
                point.location_source = LocationSource.GIVEN
            else:
                point.locate()
            points.append(point)
    SalesPoint.objects.bulk_create(points, batch_size=500)
    ids = dict(SalesPoint.objects.values_list("code", "pk"))
    parsed = [hours.parse(text) for text in HOURS]
    point_hours = [
        OpeningHours(point_id=ids[p.code], weekday=r.weekday, opens=r.opens, closes=r.closes)
        for p in points
        for r in rng.choice(parsed)
    ]
    OpeningHours.objects.bulk_create(point_hours, batch_size=5000)
    products = defaultdict(list)
    for pk, province in Product.objects.listable().values_list("pk", "producer__legacy_province_id").order_by("pk"):
        products[province].append(pk)
    everywhere = [pk for pks in products.values() for pk in pks]
    stock = []
    for p in points:
        size = rng.randint(*STOCK_PER_POINT)
        own = products.get(p.legacy_province_id, [])
        chosen = set(rng.sample(own, min(len(own), size * 3 // 4)))
        while len(chosen) < size:
            chosen.add(rng.choice(everywhere))
        stock += [PointStock(point_id=ids[p.code], product_id=pk, num_in_stock=rng.randint(0, 120)) for pk in chosen]
    PointStock.objects.bulk_create(stock, batch_size=5000)
    print(
        f"{len(points)} sales points in {len({p.legacy_district_id for p in points})} districts, "
        f"{len(point_hours)} opening-hours rows, {len(stock)} stock rows in {time.perf_counter() - started:.1f} s"
    )


def _measured():
    """(label, path) of the pages the benchmark measures."""
    from django.db.models import Count, Q

    from marketplace.producers.strategy import Default

    shown = Default().stock_at_points()
    product = (
        Product.objects.filter(pk__in=shown.values("product"))
        .annotate(points=Count("point_stock", filter=Q(point_stock__in=shown)))
        .order_by("-points", "pk")
        .first()
    )
    point = (
        SalesPoint.objects.active()
        .filter(legacy_district_id="218")
        .annotate(products=Count("stock"))
        .order_by("-products", "pk")
        .first()
    )
    return [
        ("locator", "/sales-points/"),
        ("locator, province", "/sales-points/?province=24"),
        ("locator, district", "/sales-points/?district=218"),
        ("locator, open now", "/sales-points/?open=now"),
        ("locator, product", f"/sales-points/?product={product.pk}"),
        ("locator, nearest first", "/sales-points/?lat=21.27&lng=106.2"),
        ("map GeoJSON", "/sales-points/map.geojson"),
        ("map GeoJSON, province", "/sales-points/map.geojson?province=24"),
        ("sales point page", point.get_absolute_url()),
        ("product page (stocked at points)", product.get_absolute_url()),
    ]
