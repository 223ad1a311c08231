from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "cms.fairs"
    label = "fairs"
    verbose_name = _("Trade fairs")
