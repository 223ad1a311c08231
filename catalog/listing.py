"""THE LISTING RULE — the one place that decides whether a product may be shown or sold.

A product is listable at instant ``at`` when
  * its current certificate has 3 stars or more,
  * that certificate is valid (not suspended, not revoked),
  * and not expired on the calendar day of ``at`` in Asia/Ho_Chi_Minh
    (``valid_until`` is the last valid day),
  * its producer is active,
  * and the product is public (producers and staff can hide a listing).

A **gift combo** (``is_combo``: catalog/combos/) has no certificate of its own: it is listable
when it is public, its producer (who composed it) is active, and it holds at least one product
and every product it holds is listable by the rule above (a combo never holds a combo). A part
revoked, expired or withdrawn delists every combo that holds it, at once.

Every storefront surface goes through ``Product.objects.listable(at)`` (which uses
:func:`listable_q`) or :func:`why_not_listable`; nothing re-implements these conditions.
"""

from django.db.models import Exists, OuterRef, Q
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
    """A ``Q`` for listable products, gift combos included; ``prefix`` lets other models filter
    through a relation (e.g. ``prefix="product__"`` on stock records or basket lines)."""
    single = Q(**{f"{prefix}is_combo": False}) & certifying_q(at, f"{prefix}certificate__")
    combo = Q(**{f"{prefix}is_combo": True}) & _parts_listable_q(at, prefix)
    return Q(**{f"{prefix}is_public": True, f"{prefix}producer__is_active": True}) & (single | combo)


def _single_listable_q(at=None, prefix=""):
    """:func:`listable_q` for products that are not combos (what a combo may hold)."""
    return Q(**{f"{prefix}is_combo": False, f"{prefix}is_public": True, f"{prefix}producer__is_active": True}) & (
        certifying_q(at, f"{prefix}certificate__")
    )


def _parts_listable_q(at, prefix):
    """The combo (the product reached through ``prefix``) holds a product, and none that is not
    listable."""
    from catalog.combos.models import ComboPart

    parts = ComboPart.objects.filter(combo=OuterRef(prefix[:-2] if prefix else "pk"))
    return Q(Exists(parts)) & ~Q(Exists(parts.exclude(_single_listable_q(at, "product__"))))


def why_not_listable(product, at=None):
    """``None`` when ``product`` is listable at ``at``; otherwise the reason, in words."""
    if product.is_combo:
        return _why_not_listable_combo(product, at)
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


def _why_not_listable_combo(combo, at=None):
    if combo.producer is None or not combo.producer.is_active:
        return _("The producer is no longer active.")
    if not combo.is_public:
        return _("The producer has withdrawn this listing.")
    parts = (
        combo.combo_parts.all()  # prefetched by views that show many
        if "combo_parts" in getattr(combo, "_prefetched_objects_cache", {})
        else combo.combo_parts.select_related("product__certificate", "product__producer")
    )
    if not parts:
        return _("This gift combo holds no products yet.")
    for part in parts:
        if part.product.is_combo:
            return _("A gift combo cannot hold another gift combo.")
        reason = why_not_listable(part.product, at)
        if reason:
            return _("%(title)s, in this gift combo: %(reason)s") % {
                "title": part.product.get_title(),
                "reason": reason,
            }
    return None
