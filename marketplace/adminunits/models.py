"""Vietnam's administrative units, in both structures.

Before 2025-07-01: 63 provinces -> ~700 districts -> ~10,000 wards (the *legacy* units,
which certificates and people still name). Since then: 34 provinces -> 3,321 communes
(the *current* units). GSO codes are the primary keys; the two structures reuse codes
for different units (legacy 24 is Bắc Giang, current 24 is Bắc Ninh), so they live in
separate tables. Loaded by ``manage.py load_admin_units``, never typed by hand.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    code = models.CharField(_("GSO code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=100)  # "Tỉnh Bắc Giang"
    short_name = models.CharField(_("short name"), max_length=100)  # "Bắc Giang"
    slug = models.SlugField(_("slug"), max_length=120)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class LegacyProvince(Unit):
    successor = models.ForeignKey(
        "Province",
        on_delete=models.PROTECT,
        related_name="legacy_provinces",
        verbose_name=_("merged into"),
    )

    class Meta(Unit.Meta):
        verbose_name = _("province (before 2025)")
        verbose_name_plural = _("provinces (before 2025)")

    def get_absolute_url(self):
        return reverse("catalogue:province", kwargs={"slug": self.slug})


class LegacyDistrict(Unit):
    province = models.ForeignKey(LegacyProvince, on_delete=models.CASCADE, related_name="districts")
    kind = models.CharField(_("kind"), max_length=30)  # Huyện, Quận, Thị xã, Thành phố

    class Meta(Unit.Meta):
        verbose_name = _("district (before 2025)")
        verbose_name_plural = _("districts (before 2025)")

    def get_absolute_url(self):
        return reverse("catalogue:district", kwargs={"province": self.province.slug, "slug": self.slug})


class LegacyWard(Unit):
    district = models.ForeignKey(LegacyDistrict, on_delete=models.CASCADE, related_name="wards")
    kind = models.CharField(_("kind"), max_length=30)  # Xã, Phường, Thị trấn
    successor = models.ForeignKey(
        "Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legacy_wards",
        verbose_name=_("now part of"),
        help_text=_("The commune that took over this ward; a divided ward maps to its main successor."),
    )

    class Meta(Unit.Meta):
        verbose_name = _("ward (before 2025)")
        verbose_name_plural = _("wards (before 2025)")


class Province(Unit):
    class Meta(Unit.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Commune(Unit):
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="communes")
    kind = models.CharField(_("kind"), max_length=30)  # Xã, Phường, Đặc khu

    class Meta(Unit.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")


class UnitAddress(models.Model):
    """An address that keeps both structures: legacy province/district/ward and current
    province/commune. Fill it with :func:`marketplace.adminunits.resolve.resolve_units`."""

    address = models.CharField(_("address"), max_length=255, blank=True)
    legacy_province = models.ForeignKey(
        LegacyProvince,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province (before 2025)"),
    )
    legacy_district = models.ForeignKey(
        LegacyDistrict,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district (before 2025)"),
    )
    legacy_ward = models.ForeignKey(
        LegacyWard,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ward (before 2025)"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )

    class Meta:
        abstract = True

    def unit_codes(self):
        return {
            "legacy_province_id": self.legacy_province_id,
            "legacy_district_id": self.legacy_district_id,
            "legacy_ward_id": self.legacy_ward_id,
            "province_id": self.province_id,
            "commune_id": self.commune_id,
        }


class LocationSource(models.TextChoices):
    GIVEN = "given", _("given")
    WARD = "ward", _("centre of the ward")
    DISTRICT = "district", _("centre of the district")
    NONE = "", _("unknown")


class LocatedAddress(UnitAddress):
    """A :class:`UnitAddress` with a position for a map: the coordinates someone typed, or else the
    centre of the ward, else of the district (sales points, trade fairs' venues)."""

    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_source = models.CharField(
        _("location from"), max_length=10, choices=LocationSource.choices, blank=True, default=LocationSource.NONE
    )

    class Meta:
        abstract = True

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def locate(self):
        """Fill the coordinates from the ward, else the district, when none were given."""
        if self.location_source == LocationSource.GIVEN and self.has_location:
            return
        for unit, source in ((self.legacy_ward, LocationSource.WARD), (self.legacy_district, LocationSource.DISTRICT)):
            if unit is not None and unit.latitude is not None and unit.longitude is not None:
                self.latitude, self.longitude, self.location_source = unit.latitude, unit.longitude, source
                return
        self.latitude = self.longitude = None
        self.location_source = LocationSource.NONE
