"""What a certificate can say, independent of the database: statuses, levels, the star floor,
validity periods and "today" in Vietnam. Both the models and the listing rule (catalog/listing.py)
build on these; the listing rule alone says what makes a certificate certify a product."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CERTIFICATE_MONTHS = 36  # valid 36 months from the decision (Decision 148/QĐ-TTg)
MIN_OCOP_STARS = 3  # 1-2 star results are recorded, never listed


class Level(models.TextChoices):
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class Status(models.TextChoices):
    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


def add_months(day, months):
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue


def default_valid_until(decision_date):
    return add_months(decision_date, CERTIFICATE_MONTHS)


def local_today(at=None):
    """The calendar date in Asia/Ho_Chi_Minh at instant ``at`` (default: now)."""
    return timezone.localdate(at or timezone.now())
