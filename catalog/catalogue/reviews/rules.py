"""Who may review a product, and which reviews the shop shows: the rule in one place.

* Only a signed-in customer who *received* the product may review it — one of their orders has
  a line of it that was delivered or picked up (``RECEIVED`` in marketplace/order/statuses.py) —
  once per product, and not a user of the product's own producer. Everyone else is told why.
* A review appears only after staff approved it (``OSCAR_MODERATE_REVIEWS``, dashboard →
  Reviews), and only while its author is such a buyer: every review shown is a verified purchase.
* The buyers' score is the average of the reviews shown, 1 to 5, and is never the OCOP star
  rating, which only the OCOP evaluation council awards (the product's certificate).

Guest orders (no account) give no right to review: an e-mail address proves nothing here.
"""

from django.db.models import Avg, Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.order.statuses import RECEIVED

ProductReview = get_model("reviews", "ProductReview")
Line = get_model("order", "Line")

NOT_A_BUYER = _("Only buyers who received this product can review it.")
ALREADY_REVIEWED = _("You have already reviewed this product.")
AWAITING_MODERATION = _("Thank you: your review will appear once our staff have checked it.")
OWN_PRODUCT = _("Producers cannot review their own products.")

#: Scores a buyer gives, best first.
SCORES = (5, 4, 3, 2, 1)


def received_lines():
    """Order lines that reached their customer (delivered or picked up)."""
    return Line.objects.filter(status__in=RECEIVED)


def has_received(user, product):
    return received_lines().filter(order__user=user, product=product).exists()


def why_not_review(product, user):
    """Why ``user`` may not review ``product`` (a sentence), or ``None`` when they may."""
    if not user.is_authenticated:
        return NOT_A_BUYER
    own = ProductReview.objects.filter(product=product, user=user).only("status").first()
    if own is not None:
        return AWAITING_MODERATION if own.pending_moderation else ALREADY_REVIEWED
    if product.producer_id and product.producer.users.filter(pk=user.pk).exists():
        return OWN_PRODUCT
    if not has_received(user, product):
        return NOT_A_BUYER
    return None


def with_verified(reviews):
    """``reviews`` marked ``verified``: written by a buyer who received the product."""
    bought = received_lines().filter(order__user=OuterRef("user"), product=OuterRef("product"))
    return reviews.annotate(verified=Exists(bought)).select_related("user")


def published(product=None):
    """The reviews the shop shows: approved by staff and written by a buyer who received the
    product (all products, or ``product``'s), with their authors."""
    reviews = with_verified(ProductReview.objects.approved()).filter(verified=True)
    return reviews if product is None else reviews.filter(product=product)


def buyers_rating(product):
    """``{"average": 4.5 or None, "count": 2}`` over the reviews shown, in one query."""
    return published(product).aggregate(average=Avg("score"), count=Count("pk"))


def buyer_name(user):
    """How a reviewer is named in public: the given name and the family name's initial
    ("Lan N."), never the e-mail address or the whole name."""
    if user is None:
        return str(_("A buyer"))
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    initial = f"{last[0]}." if last else ""
    return " ".join(part for part in (first, initial) if part) or str(_("A buyer"))
