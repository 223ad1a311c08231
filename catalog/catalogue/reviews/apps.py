import oscar.apps.catalogue.reviews.apps as apps


class CatalogueReviewsConfig(apps.CatalogueReviewsConfig):
    """Oscar's product reviews, forked: only a customer who received the product may review it
    (rules.py), staff approve each review before it appears, and the buyers' score is shown
    apart from the official OCOP stars."""

    name = "catalog.catalogue.reviews"
