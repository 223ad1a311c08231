"""Sales points (điểm giới thiệu và bán sản phẩm OCOP) and their own stock.

A point's stock (:class:`PointStock`) is a quantity of its own, separate from the producer's
online stock (Oscar's ``StockRecord``). What may be shown as available at a point is decided
by the purchase strategy (marketplace/producers/strategy.py, ``stock_at_points``), which
puts the listing rule in front: a product that stops being listable disappears from every
point at once, without touching the stock rows.
"""

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from marketplace.adminunits.models import LocatedAddress, LocationSource  # noqa: F401  (LocationSource: imported from here)

from . import hours


class Kind(models.TextChoices):
    SHOWROOM = "showroom", _("Provincial showroom")
    DISTRICT = "district", _("District point")
    PARTNER = "partner", _("Partner shop")
    TOURIST = "tourist", _("Tourist-site shop")
    FAIR = "fair", _("Trade-fair booth")


class Criterion(models.TextChoices):
    """Decision 950/QĐ-BCT's groups of criteria for an official OCOP introduction and sales point."""

    LOCATION = (
        "location",
        _("Location: convenient, busy or tourist area (station, market, tourist site, craft village…)"),
    )
    PRODUCTS = "products", _("Products: only OCOP products of 3 stars or more, of known origin")
    FACILITIES = "facilities", _("Premises: display area, shelves, storage and hygiene")
    SIGNAGE = "signage", _("Sign and identity in the Ministry of Industry and Trade's design")
    MANAGEMENT = "management", _("Management: operator, trained staff, listed prices, invoices")


class SalesPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def open_at(self, at=None):
        """Points open at ``at`` (default: now) by their opening hours, in Asia/Ho_Chi_Minh."""
        return self.filter(models.Exists(OpeningHours.objects.filter(hours.open_q(at), point=models.OuterRef("pk"))))

    def for_list(self):
        """What a list of points shows, in a constant number of queries."""
        return self.select_related(
            "legacy_province", "legacy_district__province", "legacy_ward", "province", "commune"
        ).prefetch_related("hours")


class SalesPoint(LocatedAddress):
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("The province's own code for the point, e.g. BG-LN-01; the key for re-imports."),
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    meets_950 = models.BooleanField(
        _("meets Decision 950"),
        null=True,
        blank=True,
        help_text=_("Whether the point meets Decision 950/QĐ-BCT's criteria; empty when not assessed."),
    )
    failed_criteria = models.JSONField(_("criteria not met"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive points are not shown."))
    date_created = models.DateTimeField(_("created"), auto_now_add=True)
    date_updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = SalesPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales point")
        verbose_name_plural = _("sales points")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["legacy_district", "is_active"], name="salespoint_district_idx"),
            models.Index(fields=["legacy_province", "is_active"], name="salespoint_province_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("salespoints:point", kwargs={"slug": self.slug})

    @cached_property
    def ranges(self):
        """The opening-hours ranges (uses prefetched ``hours``)."""
        return [hours.Range(h.weekday, h.opens, h.closes) for h in self.hours.all()]

    @property
    def hours_text(self):
        return hours.format_hours(self.ranges)

    def is_open(self, at=None):
        return hours.is_open(self.ranges, at)

    def open_status(self, at=None):
        """``(is_open, next change as a local datetime or None)``."""
        return hours.next_change(self.ranges, at)

    def week(self):
        """The opening hours day by day, Monday first: ``[(day name, [ranges])]``."""
        return [(hours.DAY_NAMES[day], [r for r in self.ranges if r.weekday == day]) for day in range(7)]

    @property
    def failed_criteria_labels(self):
        labels = dict(Criterion.choices)
        return [labels.get(code, code) for code in self.failed_criteria or []]

    def set_hours(self, ranges):
        """Replace the opening hours with ``ranges`` (a list of :class:`hours.Range`)."""
        self.hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(point=self, weekday=r.weekday, opens=r.opens, closes=r.closes) for r in ranges
        )
        self.__dict__.pop("ranges", None)


class OpeningHours(models.Model):
    """One range of opening hours on one weekday; see :mod:`marketplace.salespoints.hours`."""

    point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=list(enumerate(hours.DAY_NAMES)))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("Not after the opening time: open past midnight."))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        indexes = [models.Index(fields=["weekday", "opens", "closes"], name="openinghours_when_idx")]

    def __str__(self):
        return f"{hours.DAY_CODES[self.weekday]} {hours.Range(self.weekday, self.opens, self.closes)}"


class SalesPointImage(models.Model):
    point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("photo"), upload_to="salespoints/%Y/%m", max_length=255)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    display_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class PointStock(models.Model):
    """How many of a product a sales point holds (the point's own quantity, not the producer's
    online stock). Shown only through the strategy, which applies the listing rule.

    Like Oscar's stock records: ``num_in_stock`` is what is on the shelf, ``num_allocated`` what
    of it is reserved for online orders to be picked up there (:mod:`.allocation`), and
    ``available`` the difference, computed by the database — what may still be sold."""

    point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="stock")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="point_stock")
    num_in_stock = models.PositiveIntegerField(_("quantity in stock"), default=0)
    num_allocated = models.PositiveIntegerField(
        _("reserved for orders"), default=0, help_text=_("Reserved for online orders to be picked up here.")
    )
    available = models.GeneratedField(
        expression=models.F("num_in_stock") - models.F("num_allocated"),
        output_field=models.IntegerField(_("available")),
        db_persist=True,
    )
    date_updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("stock at a sales point")
        verbose_name_plural = _("stock at sales points")
        constraints = [models.UniqueConstraint(fields=["point", "product"], name="pointstock_unique")]
        indexes = [models.Index(fields=["product", "point"], name="pointstock_product_idx")]

    def __str__(self):
        return f"{self.point} · {self.product} · {self.num_in_stock}"
