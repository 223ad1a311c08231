from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self):
        from marketplace.site import apply_site_url

        from . import operator

        post_migrate.connect(apply_site_url, sender=self, dispatch_uid="apply-site-url")
        operator.connect()
