from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "cms.stories"
    label = "stories"
    verbose_name = _("Product stories")

    def ready(self):
        from . import signals

        signals.connect()
