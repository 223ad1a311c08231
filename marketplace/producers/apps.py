import oscar.apps.partner.apps as apps
from django.utils.translation import gettext_lazy as _


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked: an OCOP producer (chủ thể) is the partner who sells."""

    name = "marketplace.producers"
    verbose_name = _("Producers")
