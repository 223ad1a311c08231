"""The bundled demo registry export looks like the real programme, and loads through
the registry sync."""

import datetime
import json
from collections import Counter

import pytest
from oscar.core.loading import get_model

from tests.conftest import DEMO_FILE

Product = get_model("catalogue", "Product")

DEMO = json.loads(DEMO_FILE.read_text("utf-8"))
DISTRICT_LEVEL_ENDED = datetime.date(2025, 7, 1)


def test_demo_export_covers_the_programme():
    assert len(DEMO) >= 300
    assert len({r["producer"]["province_code"] for r in DEMO if r["producer"]["province_code"]}) >= 5
    assert len({r["producer"]["district_code"] for r in DEMO if r["producer"]["district_code"]}) >= 30
    assert {r["category_code"].split(".")[0] for r in DEMO} >= {"I", "II", "III", "IV", "V", "VI"}
    assert {3, 4, 5} <= {r["stars"] for r in DEMO}
    assert {r["level"] for r in DEMO} == {"district", "province", "national"}
    assert {"valid", "revoked", "suspended"} <= {r["status"] for r in DEMO}
    names = " ".join(r["product_name"] for r in DEMO)
    for luc_nam in (
        "Dưa lưới",
        "Na dai Lục Nam",
        "Dứa Bảo Sơn",
        "Hạt dẻ Mai Sưu",
        "Bưởi Mai Sưu",
        "Mật ong",
        "linh chi",
        "Đông trùng hạ thảo",
    ):
        assert luc_nam.lower() in names.lower(), luc_nam


def test_district_level_certificates_are_three_stars_before_july_2025():
    district = [r for r in DEMO if r["level"] == "district"]
    assert district
    assert all(r["stars"] <= 3 for r in district)  # 1–2★ results are recorded, never certified
    assert all(datetime.date.fromisoformat(r["decision_date"]) < DISTRICT_LEVEL_ENDED for r in district)


def test_one_product_is_recertified_at_a_higher_rating(demo_sentinels):
    by_product = Counter(r["product_code"] for r in DEMO)
    code = demo_sentinels["recertified_product_code"]
    assert by_product[code] >= 2
    stars = [
        r["stars"] for r in sorted((r for r in DEMO if r["product_code"] == code), key=lambda r: r["decision_date"])
    ]
    assert stars[-1] > stars[0]


@pytest.mark.django_db
def test_demo_loads_with_expired_revoked_and_suspended_products_delisted(demo_registry, demo_sentinels):
    listable = Product.objects.listable()
    assert listable.count() >= 250
    assert Product.objects.exclude(pk__in=listable).count() >= 20
    recertified = Product.objects.get(product_code=demo_sentinels["recertified_product_code"])
    assert recertified.certificates.count() >= 2 and recertified.is_listable()
    assert recertified.stars == max(c.stars for c in recertified.certificates.all())


def test_demo_contacts_use_reserved_domains_only():
    """certificate_notices writes to producers' e-mails: the demo's must reach no real mailbox."""
    emails = [record["producer"]["email"] for record in DEMO if record["producer"].get("email")]
    assert emails
    for email in emails:
        domain = email.rsplit("@", 1)[1]
        assert domain == "ocop.local" or domain.endswith(".example"), email
