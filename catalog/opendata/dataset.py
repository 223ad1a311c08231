"""Open data: the certified OCOP products listed on the marketplace, for anyone to download and
reuse under an open licence, and the figures of "OCOP in numbers".

Only listable products, ever: every row and every figure comes from ``Product.objects.certified()``
(the listing rule of catalog/listing.py, gift combos left out: they hold no certificate of their
own, and their products are rows already), so a revoked, suspended or expired certificate, a hidden listing or an
inactive producer is never in a file. Provinces are the current ones (34 since 01/07/2025),
districts the ones before the reform (what certificates and people still name).
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.catalogue.classification import group_order
from catalog.certification.constants import local_today
from marketplace.site import absolute_url

Product = get_model("catalogue", "Product")

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

#: The columns of the downloads, in order: (key, what it holds). The keys are the CSV header and
#: the JSON names; they never change meaning (a new column goes at the end).
COLUMNS = (
    ("certificate_code", _("The OCOP certificate's code, as the registry issued it")),
    ("product_code", _("The product's OCOP code (stable across re-certification)")),
    ("product", _("The product's name")),
    ("producer", _("The producer (OCOP entity)")),
    ("stars", _("Stars of the current certificate (3, 4 or 5)")),
    ("group_code", _("Decision 148 group (I–VI)")),
    ("group", _("The group's name")),
    ("province", _("The producer's province (34 provinces since 01/07/2025)")),
    ("district_before_2025", _("The producer's district before 01/07/2025")),
    ("decision_date", _("Date of the certification decision (YYYY-MM-DD)")),
    ("valid_until", _("Last day the certificate is valid (YYYY-MM-DD)")),
    ("verification_url", _("Where anyone can check the certificate")),
    ("product_url", _("The product's page on the marketplace")),
)
KEYS = tuple(key for key, _meaning in COLUMNS)


def listed(at=None):
    """The listed products, with what a row needs, in one query."""
    return (
        Product.objects.certified(at)
        .select_related("certificate", "producer__province", "producer__legacy_district", "group")
        .order_by("certificate__code", "pk")
    )


def record(product):
    """One product as a row of the downloads (a dict keyed by :data:`KEYS`)."""
    certificate, producer, group = product.certificate, product.producer, product.group
    return {
        "certificate_code": certificate.code,
        "product_code": product.product_code or "",
        "product": product.title,
        "producer": producer.name,
        "stars": certificate.stars,
        "group_code": group.code if group else "",
        "group": group.name if group else "",
        "province": producer.province.short_name if producer.province else "",
        "district_before_2025": producer.legacy_district.name if producer.legacy_district else "",
        "decision_date": certificate.decision_date.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "verification_url": absolute_url(reverse("certification:verify", kwargs={"code": certificate.code})),
        "product_url": absolute_url(product.get_absolute_url()),
    }


def records(at=None):
    """Every listed product as a row, in certificate-code order (streamed from the database)."""
    return (record(product) for product in listed(at).iterator(chunk_size=2000))


def figures(at=None):
    """What "OCOP in numbers" shows: listed products and producers, and products by stars, by
    group and by province (largest first), in four queries."""
    products = Product.objects.certified(at)
    by_stars = {
        row["certificate__stars"]: row["n"] for row in products.values("certificate__stars").annotate(n=Count("pk"))
    }
    by_group = products.values("group__code", "group__name", "group__name_en").annotate(n=Count("pk"))
    english = get_language() == "en"
    by_province = list(
        products.values("producer__province__short_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "producer__province__short_name")
    )
    return {
        "date": local_today(at),
        "products": sum(by_stars.values()),
        "producers": products.values("producer").distinct().count(),
        "by_stars": [(stars, by_stars.get(stars, 0)) for stars in (5, 4, 3)],
        "by_group": [
            (
                row["group__code"] or "",
                (english and row["group__name_en"]) or row["group__name"] or str(_("Unclassified")),
                row["n"],
            )
            for row in sorted(by_group, key=lambda row: group_order(row["group__code"]))
        ],
        "by_province": [(row["producer__province__short_name"] or str(_("Unknown")), row["n"]) for row in by_province],
    }
