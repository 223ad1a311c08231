"""marketplace.bulkwrite.bulk_update: the registry sync's writes, on both databases."""

import datetime

import pytest
from django.utils import timezone

from catalog.certification.models import Certificate
from marketplace.bulkwrite import bulk_update
from tests.factories import ProductFactory, certify

pytestmark = pytest.mark.django_db


def test_it_writes_each_object_its_own_values_of_every_type_and_nothing_else():
    products = [ProductFactory(title=f"Sản phẩm {i}") for i in range(5)]
    certificates = [certify(p, stars=3) for p in products]
    untouched = certify(ProductFactory(title="Không đổi"), stars=3)
    when = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    for i, c in enumerate(certificates):
        c.stars = 5 if i % 2 else 4  # integers
        c.product_name = f"Mật ong 'rừng' \"{i}\" — ; DROP TABLE x"  # text, quotes and all
        c.valid_until = datetime.date(2030, 1, i + 1)  # dates
        c.status_changed_at = when + datetime.timedelta(hours=i) if i else None  # datetimes and NULL
        c.raw = {"i": i, "tên": "Mật ong", "list": [1, None]}  # JSON
        c.producer_id = untouched.producer_id  # foreign keys

    written = bulk_update(
        certificates, ["stars", "product_name", "valid_until", "status_changed_at", "raw", "producer_id"], batch_size=2
    )

    assert written == 5
    for i, c in enumerate(Certificate.objects.filter(pk__in=[c.pk for c in certificates]).order_by("pk")):
        assert c.stars == (5 if i % 2 else 4)
        assert c.product_name == f"Mật ong 'rừng' \"{i}\" — ; DROP TABLE x"
        assert c.valid_until == datetime.date(2030, 1, i + 1)
        assert c.status_changed_at == (when + datetime.timedelta(hours=i) if i else None)
        assert c.raw == {"i": i, "tên": "Mật ong", "list": [1, None]}
        assert c.producer_id == untouched.producer_id
    untouched_now = Certificate.objects.get(pk=untouched.pk)
    assert (untouched_now.stars, untouched_now.product_name, untouched_now.raw) == (
        3,
        untouched.product_name,
        untouched.raw,
    )


def test_nothing_to_write_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert bulk_update([], ["stars"]) == 0
