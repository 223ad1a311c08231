from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner

from marketplace.adminunits.models import UnitAddress


class ProducerKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative (HTX)")
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Household business")


class Partner(AbstractPartner, UnitAddress):
    """An OCOP producer (chủ thể OCOP), as synced from the national registry.

    Oscar calls it a partner, and every Oscar app refers to it by that name; our own code
    says ``Producer`` (the alias below).
    """

    registry_code = models.CharField(_("registry code"), max_length=64, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProducerKind.choices, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive producer's products are not listed, whatever their certificates."),
    )
    description = models.TextField(_("about the producer"), blank=True)
    date_updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(AbstractPartner.Meta):
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("catalogue:producer", kwargs={"code": self.code})


Producer = Partner

from oscar.apps.partner.models import *  # noqa: E402, F403  (Oscar's other partner models)
