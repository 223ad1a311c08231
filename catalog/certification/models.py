"""OCOP certificates (giấy chứng nhận OCOP) and the history of every change to them."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from catalog.listing import certifies
from marketplace.text import code_key_expression

from .constants import (  # noqa: F401  (the names other modules import from here)
    CERTIFICATE_MONTHS,
    MIN_OCOP_STARS,
    Level,
    Status,
    add_months,
    default_valid_until,
    local_today,
)


class Certificate(models.Model):
    code = models.CharField(_("certificate code"), max_length=80, unique=True)
    # PROTECT: a certificate and its history outlive any attempt to delete the product (the QR
    # code on the packaging must keep answering); withdraw the listing instead.
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("product")
    )
    producer = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("producer")
    )
    product_name = models.CharField(_("product name on the certificate"), max_length=255)
    category_code = models.CharField(_("classification code"), max_length=20, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"))
    level = models.CharField(_("issuing level"), max_length=10, choices=Level.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("decision date"))
    valid_until = models.DateField(_("valid until"), help_text=_("The last day the certificate is valid."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    registry_updated_at = models.DateTimeField(_("updated in the registry"), null=True, blank=True)
    raw = models.JSONField(_("record as received"), default=dict, blank=True)
    # What the lookup matches typed codes against (marketplace.text.code_key), kept by the database.
    code_key = models.GeneratedField(
        expression=code_key_expression("code"), output_field=models.CharField(max_length=120), db_persist=True
    )
    decision_key = models.GeneratedField(
        expression=code_key_expression("decision_number"),
        output_field=models.CharField(max_length=120),
        db_persist=True,
    )
    date_created = models.DateTimeField(auto_now_add=True)
    date_updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-decision_date", "code"]
        indexes = [
            models.Index(fields=["valid_until"]),
            models.Index(fields=["product", "-decision_date"]),
            models.Index(fields=["code_key"]),
            models.Index(fields=["decision_key"]),
        ]

    def __str__(self):
        return f"{self.code} ({self.stars}★)"

    def is_expired(self, at=None):
        return self.valid_until < local_today(at)

    def certifies_today(self, at=None):
        """Whether this certificate, by itself, makes a product OCOP-certified at ``at`` (the
        listing rule decides: catalog/listing.py)."""
        return certifies(self, at)

    def status_in_words(self, at=None):
        """What a consumer should read about this certificate: "Valid until …",
        "Expired on …", "Revoked on … because …"."""
        if self.status != Status.VALID:
            return _status_sentence(self.status, self.status_changed_at, self.status_reason)
        if self.is_expired(at):
            return _("Expired on %(date)s") % {"date": date_format(self.valid_until + datetime.timedelta(days=1))}
        return _("Valid until %(date)s") % {"date": date_format(self.valid_until)}


_STATUS_SENTENCES = {
    # status: (with date and reason, with date, with reason, bare)
    Status.REVOKED: (
        _("Revoked on %(date)s because %(reason)s"),
        _("Revoked on %(date)s"),
        _("Revoked because %(reason)s"),
        _("Revoked"),
    ),
    Status.SUSPENDED: (
        _("Suspended since %(date)s because %(reason)s"),
        _("Suspended since %(date)s"),
        _("Suspended because %(reason)s"),
        _("Suspended"),
    ),
}


def _status_sentence(status, changed_at, reason):
    both, dated, reasoned, bare = _STATUS_SENTENCES[status]
    date = date_format(timezone.localdate(changed_at)) if changed_at else None
    template = both if date and reason else dated if date else reasoned if reason else bare
    return template % {"date": date, "reason": reason}


class CertificateEvent(models.Model):
    """One entry in a certificate's history: recorded, changed, status changed, expired."""

    class Kind(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        UPDATED = "updated", _("Details changed")
        STATUS = "status", _("Status changed")
        EXPIRED = "expired", _("Expired")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    new_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text=_("field: [old, new]"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    happened_at = models.DateTimeField(_("happened at"), default=timezone.now)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate history")
        ordering = ["certificate", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.certificate.code}: {self.get_kind_display()}"


class Notice(models.Model):
    """A notice sent about a certificate, so that each is sent once (90/30 days before expiry,
    delisting)."""

    class Kind(models.TextChoices):
        EXPIRES_90 = "expires_90", _("Expires within 90 days")
        EXPIRES_30 = "expires_30", _("Expires within 30 days")
        DELISTED = "delisted", _("Delisted")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=100, blank=True, help_text=_("What the notice was about, e.g. a status change."))
    recipient = models.EmailField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["certificate", "kind", "key"], name="one_notice_per_event")]

    def __str__(self):
        return f"{self.certificate.code}: {self.kind}"
