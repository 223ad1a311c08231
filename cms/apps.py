from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self):
        from wagtail.images import get_image_model

        from marketplace.site import apply_site_url

        from . import operator, renditions

        post_migrate.connect(apply_site_url, sender=self, dispatch_uid="apply-site-url")
        operator.connect()
        post_save.connect(renditions.make_renditions, sender=get_image_model(), dispatch_uid="cms-image-renditions")
