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

from catalog.certification.models import MIN_OCOP_STARS, Status, local_today


def listable_q(at=None, prefix=""):
    """A ``Q`` for listable products; ``prefix`` lets other models filter through a relation
    (e.g. ``prefix="product__"`` on stock records or basket lines)."""
    today = local_today(at)
    return Q(
        **{
            f"{prefix}is_public": True,
            f"{prefix}certificate__stars__gte": MIN_OCOP_STARS,
            f"{prefix}certificate__status": Status.VALID,
            f"{prefix}certificate__valid_until__gte": today,
            f"{prefix}producer__is_active": True,
        }
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
    if certificate.status != Status.VALID or certificate.is_expired(at):
        return _("OCOP certificate %(code)s: %(status)s.") % {
            "code": certificate.code,
            "status": certificate.status_in_words(at),
        }
    if product.producer is None or not product.producer.is_active:
        return _("The producer is no longer active.")
    if not product.is_public:
        return _("The producer has withdrawn this listing.")
    return None
