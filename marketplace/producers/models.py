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


class ProducerNotice(models.Model):
    """Something a producer should know, shown in its area and e-mailed to it — once: a notice is
    recorded under (producer, kind, key) and a second notice with the same key is never made
    (marketplace/producers/notices.py). Its text is composed when shown, from ``params``, so that
    it reads in the language of whoever reads it."""

    class Kind(models.TextChoices):
        EXPIRES_90 = "expires_90", _("Certificate expires within 90 days")
        EXPIRES_30 = "expires_30", _("Certificate expires within 30 days")
        DELISTED = "delisted", _("Product delisted")
        NEW_ORDER = "new_order", _("New order")
        LOW_STOCK = "low_stock", _("Low stock")
        STORY_APPROVED = "story_approved", _("Story approved")
        STORY_SENT_BACK = "story_sent_back", _("Story sent back")

    producer = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120, help_text=_("What the notice is about, so that it is made once."))
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("producer notice")
        verbose_name_plural = _("producer notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["producer", "kind", "key"], name="one_producer_notice_per_event")
        ]

    def __str__(self):
        return f"{self.producer_id}: {self.kind} {self.key}"

    @property
    def message(self):
        from .notices import message

        return message(self)

    @property
    def is_warning(self):
        return self.kind in (self.Kind.EXPIRES_30, self.Kind.DELISTED, self.Kind.LOW_STOCK, self.Kind.STORY_SENT_BACK)


from oscar.apps.partner.models import *  # noqa: E402, F403  (Oscar's other partner models)
