"""The buyers' reviews on a product page: a block of its own, apart from the OCOP stars."""

from django import template

from marketplace import pagecache

from .. import rules

register = template.Library()

#: How many reviews the product page shows before linking to all of them.
SHOWN_ON_PRODUCT_PAGE = 3


@register.simple_tag
def buyers_rating(product):
    """The buyers' average score (1–5) and how many reviews it is made of, worked out once
    per page (the block and the JSON-LD share it) and kept in the cache under the listing
    generation, which a published or removed review bumps."""
    if not hasattr(product, "_buyers_rating"):
        product._buyers_rating = pagecache.kept(
            "buyers-rating", product.pk, make=lambda: rules.buyers_rating(product), clock=pagecache.DAY
        )
    return product._buyers_rating


@register.inclusion_tag("oscar/catalogue/reviews/partials/buyers_reviews.html", takes_context=True)
def buyers_reviews(context, product):
    """The "Buyers' reviews" block: the score, the best reviews, and the way to write one or
    the reason why not."""
    user = context["request"].user
    rating = buyers_rating(product)
    reviews = []  # most products have none: then no query (nor query set) for them
    if rating["count"]:
        reviews = list(rules.published(product).order_by("-delta_votes", "-date_created")[:SHOWN_ON_PRODUCT_PAGE])
    return {
        "product": product,
        "reviews": reviews,
        "rating": rating,
        "refusal": rules.why_not_review(product, user),
        "user": user,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def buyer_name(user):
    return rules.buyer_name(user)
