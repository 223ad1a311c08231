from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_PART_QUANTITY = 20


class ComboPart(models.Model):
    """``quantity`` of ``product`` in the gift combo ``combo`` (a product with ``is_combo``).

    A part is a product of its own (never a combo): the listing rule lists a combo only while
    every part is listable, and an order of the combo becomes one line per part, sent by the
    part's producer."""

    combo = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="combo_parts", verbose_name=_("gift combo")
    )
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="in_combos", verbose_name=_("product")
    )
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_PART_QUANTITY)]
    )

    class Meta:
        verbose_name = _("product in a gift combo")
        verbose_name_plural = _("products in gift combos")
        constraints = [models.UniqueConstraint(fields=["combo", "product"], name="combo_part_once")]
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.product}"
