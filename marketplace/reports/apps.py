from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "marketplace.reports"
    label = "province_reports"
    verbose_name = _("Province reports")
    default_auto_field = "django.db.models.BigAutoField"
