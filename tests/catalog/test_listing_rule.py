"""The listing rule (catalog/listing.py): every branch, in the queryset and in words."""

import datetime
import zoneinfo

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from catalog.certification.models import Status
from tests.factories import ProductFactory, certify

Product = get_model("catalogue", "Product")
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


def listable(product, at=None, language="en"):
    """Ask both halves of the rule, and insist they agree; the reason comes in ``language``."""
    in_queryset = Product.objects.listable(at).filter(pk=product.pk).exists()
    with translation.override(language):
        reason = Product.objects.get(pk=product.pk).why_not_listable(at)
    assert in_queryset == (reason is None), reason
    return reason


def test_valid_certificate_with_three_stars_or_more_is_listed():
    for stars in (3, 4, 5):
        assert listable(ProductFactory(certificate__stars=stars)) is None


def test_fewer_than_three_stars_is_not_listed():
    reason = listable(ProductFactory(certificate__stars=2))
    assert "2★" in reason


def test_no_certificate_is_not_listed():
    reason = listable(ProductFactory(certificate=False))
    assert "no OCOP certificate" in reason


def test_revoked_says_when_and_why():
    product = ProductFactory(
        certificate__status=Status.REVOKED,
        certificate__status_reason="vi phạm quy định an toàn thực phẩm",
        certificate__status_changed_at=datetime.datetime(2026, 3, 15, 9, 0, tzinfo=HCM),
    )
    reason = listable(product)
    assert "Revoked on 15/03/2026 because vi phạm quy định an toàn thực phẩm" in reason
    reason = listable(product, language="vi")
    assert "Bị thu hồi ngày 15/03/2026 vì vi phạm quy định an toàn thực phẩm" in reason


def test_suspended_is_not_listed():
    reason = listable(ProductFactory(certificate__status=Status.SUSPENDED))
    assert "Suspended" in reason


def test_expired_says_since_when():
    product = ProductFactory(certificate__valid_until=datetime.date(2025, 1, 31))
    reason = listable(product, at=datetime.datetime(2025, 6, 1, 12, 0, tzinfo=HCM))
    assert "Expired on 01/02/2025" in reason


def test_last_valid_day_ends_at_midnight_in_ho_chi_minh_city():
    product = ProductFactory(certificate__valid_until=datetime.date(2026, 7, 9))
    last_moment = datetime.datetime(2026, 7, 9, 23, 59, 59, tzinfo=HCM)
    first_moment_after = datetime.datetime(2026, 7, 10, 0, 0, 0, tzinfo=HCM)
    assert listable(product, at=last_moment) is None
    assert listable(product, at=first_moment_after) is not None
    # 17:00 UTC on the 9th is already the 10th in Vietnam: not listable, whatever the server's clock zone.
    assert listable(product, at=datetime.datetime(2026, 7, 9, 17, 0, tzinfo=datetime.UTC)) is not None
    assert listable(product, at=datetime.datetime(2026, 7, 9, 16, 59, 59, tzinfo=datetime.UTC)) is None


def test_inactive_producer_delists_all_its_products():
    product = ProductFactory()
    product.producer.is_active = False
    product.producer.save()
    assert "producer is no longer active" in listable(product)


def test_hidden_listing_is_not_listed():
    product = ProductFactory()
    product.is_public = False
    product.save()
    assert "withdrawn" in listable(product)


def test_recertification_moves_the_product_to_its_new_certificate():
    product = ProductFactory(certificate__stars=3, certificate__valid_until=datetime.date(2024, 1, 1))
    assert listable(product) is not None
    certify(product, stars=4)
    assert listable(product) is None
    assert Product.objects.get(pk=product.pk).stars == 4


def test_a_newer_revoked_certificate_delists_even_if_an_older_one_is_valid():
    product = ProductFactory(certificate__stars=4)
    certify(product, stars=5, status=Status.REVOKED)
    assert listable(product) is not None
