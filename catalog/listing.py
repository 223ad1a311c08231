"""THE LISTING RULE — the one place that decides whether a product may be shown or sold.

A product is listable at instant ``at`` when
  * its current certificate has 3 stars or more,
  * that certificate is valid (not suspended, not revoked),
  * and not expired on the calendar day of ``at`` in Asia/Ho_Chi_Minh
    (``valid_until`` is the last valid day),
  * its producer is active,
  * and the product is public (producers and staff can hide a listing).

Every storefront surface goes through ``Product.objects.listable(at)`` (which uses
:func:`listable_q`) or :func:`why_not_listable`; nothing re-implements these conditions.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from catalog.certification.constants import MIN_OCOP_STARS, Status, local_today


def certifies(certificate, at=None):
    """Whether ``certificate``, by itself, makes its product OCOP-certified at ``at``: 3★ or more,
    valid (not suspended, not revoked) and not expired on that day in Asia/Ho_Chi_Minh."""
    return (
        certificate.stars >= MIN_OCOP_STARS
        and certificate.status == Status.VALID
        and certificate.valid_until >= local_today(at)
    )


def certifying_q(at=None, prefix=""):
    """:func:`certifies` as a ``Q`` on certificates (``prefix`` to reach them through a relation)."""
    return Q(
        **{
            f"{prefix}stars__gte": MIN_OCOP_STARS,
            f"{prefix}status": Status.VALID,
            f"{prefix}valid_until__gte": local_today(at),
        }
    )


def listable_q(at=None, prefix=""):
    """A ``Q`` for listable products; ``prefix`` lets other models filter through a relation
    (e.g. ``prefix="product__"`` on stock records or basket lines)."""
    return certifying_q(at, f"{prefix}certificate__") & Q(
        **{f"{prefix}is_public": True, f"{prefix}producer__is_active": True}
    )


def why_not_listable(product, at=None):
    """``None`` when ``product`` is listable at ``at``; otherwise the reason, in words."""
    certificate = product.certificate
    if certificate is None:
        return _("This product has no OCOP certificate.")
    if certificate.stars < MIN_OCOP_STARS:
        return _("Rated %(stars)d★: only products with 3 stars or more are OCOP-certified.") % {
            "stars": certificate.stars
        }
    if not certifies(certificate, at):
        return _("OCOP certificate %(code)s: %(status)s.") % {
            "code": certificate.code,
            "status": certificate.status_in_words(at),
        }
    if product.producer is None or not product.producer.is_active:
        return _("The producer is no longer active.")
    if not product.is_public:
        return _("The producer has withdrawn this listing.")
    return None
