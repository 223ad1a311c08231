from django.db.models import Q

from marketplace.producers import access


def partner_product_visibility_q(user):
    """The products ``user`` may reach, by the ownership rule (Oscar's own version goes through
    stock records and hides a product without stock from its producer). Oscar's bulk actions
    use it for non-staff users."""
    return Q(pk__in=access.products_for(user).values("pk"))
