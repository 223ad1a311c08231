from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.models import *  # noqa: F403  (Oscar's own, unchanged)


class StripeEvent(models.Model):
    """A Stripe webhook event, kept once per event id: a replayed delivery finds its row and
    changes nothing. What the event did (or why it did nothing) is its ``outcome``."""

    class Outcome(models.TextChoices):
        PAID = "paid", _("Payment recorded")
        REFUNDED = "refunded", _("Refund recorded")
        ALREADY_RECORDED = "already_recorded", _("Already recorded")
        AMOUNT_MISMATCH = "amount_mismatch", _("Amount or currency does not match the order")
        UNKNOWN_ORDER = "unknown_order", _("No such order")
        NOT_SUCCEEDED = "not_succeeded", _("Not succeeded (yet)")
        IGNORED = "ignored", _("Not an event we act on")

    event_id = models.CharField(_("Stripe event"), max_length=255, unique=True)
    type = models.CharField(_("Event type"), max_length=100)
    order_number = models.CharField(_("Order number"), max_length=128, blank=True, db_index=True)
    outcome = models.CharField(_("Outcome"), max_length=32, choices=Outcome.choices, blank=True)
    detail = models.TextField(_("Detail"), blank=True)
    received_at = models.DateTimeField(_("Received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("Processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.event_id} {self.type}"
