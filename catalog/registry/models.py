"""The record of the registry sync: every run, and where the incremental sync resumes."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SyncRun(models.Model):
    """One run of the registry sync (from the API or from a file): what, when, outcome."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        HELD = "held", _("Delistings held for review")
        FAILED = "failed", _("Failed")
        DRY_RUN = "dry_run", _("Dry run (nothing written)")

    source = models.CharField(_("source"), max_length=500)
    full = models.BooleanField(_("full sync"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    forced = models.BooleanField(_("forced"), default=False)
    triggered_by = models.CharField(_("triggered by"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    pages = models.PositiveIntegerField(_("pages applied"), default=0)
    watermark_before = models.DateTimeField(_("changes since (before)"), null=True, blank=True)
    watermark_after = models.DateTimeField(_("changes since (after)"), null=True, blank=True)
    anomaly = models.TextField(_("anomaly"), blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("registry sync run")
        verbose_name_plural = _("registry sync runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def needs_attention(self):
        return self.outcome in (self.Outcome.HELD, self.Outcome.FAILED)


class SyncState(models.Model):
    """Where the incremental sync of one registry resumes: the greatest ``updated_at`` whose
    page has been applied and committed (the API's ``updated_since`` is inclusive)."""

    source = models.CharField(max_length=500, unique=True)
    watermark = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.source} @ {self.watermark}"
