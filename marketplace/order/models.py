from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress


class ShippingAddress(AbstractShippingAddress):
    """Oscar's shipping address, in Vietnam: the recipient's whole name ("Họ và tên") in
    ``last_name`` (``first_name`` empty, so Oscar's ``name`` and ``salutation`` show it as typed),
    the street in ``line1``, and the current units both as keys and as text (``line4`` the commune,
    ``state`` the province) so that Oscar's templates and e-mails read as a Vietnamese address.
    The country is always Vietnam; there is no postcode."""

    province = models.ForeignKey(
        "adminunits.Province",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "adminunits.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )


from oscar.apps.order.models import *  # noqa: E402, F403  (Oscar's other order models)
