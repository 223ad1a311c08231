from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceOfficer(models.Model):
    """A staff member who reports for one province: the province dashboard and its reports show
    that province only. Staff without one see every province and choose."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="province_officer", verbose_name=_("user")
    )
    province = models.ForeignKey(
        "adminunits.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )

    class Meta:
        verbose_name = _("province officer")
        verbose_name_plural = _("province officers")

    def __str__(self):
        return f"{self.user} – {self.province}"
