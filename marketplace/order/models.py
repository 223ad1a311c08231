from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress

from catalog.certification.constants import local_today


class Carrier(models.TextChoices):
    VIETTEL_POST = "viettel_post", "Viettel Post"
    GHN = "ghn", "Giao Hàng Nhanh (GHN)"
    GHTK = "ghtk", "Giao Hàng Tiết Kiệm (GHTK)"
    VNPOST = "vnpost", "VNPost"
    JT = "jt", "J&T Express"
    SHOPEE_EXPRESS = "spx", "Shopee Express"
    OTHER = "other", _("Other carrier")


class Shipment(models.Model):
    """A parcel handed to a carrier: which lines of the order it carries (one producer's), the
    carrier and its tracking number, as staff record them on the order's dashboard page."""

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="shipments")
    lines = models.ManyToManyField("order.Line", related_name="shipments", verbose_name=_("lines"))
    carrier = models.CharField(_("carrier"), max_length=20, choices=Carrier.choices)
    carrier_name = models.CharField(
        _("carrier's name"), max_length=100, blank=True, help_text=_("For another carrier: its name.")
    )
    tracking_number = models.CharField(_("tracking number"), max_length=64)
    shipped_on = models.DateField(_("handed to the carrier on"), default=local_today)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date_created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["shipped_on", "pk"]
        indexes = [models.Index(fields=["carrier", "tracking_number"], name="shipment_tracking_idx")]

    def __str__(self):
        return f"{self.carrier_label} {self.tracking_number}"

    @property
    def carrier_label(self):
        return self.carrier_name if self.carrier == Carrier.OTHER and self.carrier_name else self.get_carrier_display()


class ShippingAddress(AbstractShippingAddress):
    """Oscar's shipping address, in Vietnam: the recipient's whole name ("Họ và tên") in
    ``last_name`` (``first_name`` empty, so Oscar's ``name`` and ``salutation`` show it as typed),
    the street in ``line1``, and the current units both as keys and as text (``line4`` the commune,
    ``state`` the province) so that Oscar's templates and e-mails read as a Vietnamese address.
    The country is always Vietnam; there is no postcode."""

    province = models.ForeignKey(
        "adminunits.Province",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "adminunits.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )


from oscar.apps.order.models import *  # noqa: E402, F403  (Oscar's own order models)
