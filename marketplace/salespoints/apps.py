from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesPointsConfig(AppConfig):
    """OCOP introduction and sales points (điểm giới thiệu và bán sản phẩm OCOP): the points,
    their opening hours, their own stock, the public locator, imports and coverage."""

    name = "marketplace.salespoints"
    label = "salespoints"
    verbose_name = _("Sales points")
    default_auto_field = "django.db.models.BigAutoField"
