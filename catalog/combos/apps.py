from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CombosConfig(AppConfig):
    """Gift combos (hộp quà OCOP): a product made of listed products of one or several producers,
    with its own price, pictures and stock. See catalog/combos/__init__.py."""

    name = "catalog.combos"
    label = "combos"
    verbose_name = _("Gift combos")
