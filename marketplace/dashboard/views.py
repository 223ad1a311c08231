from django.db.models import Sum
from oscar.apps.dashboard.views import IndexView as OscarIndexView

from marketplace.producers import access


class IndexView(OscarIndexView):
    """Staff see Oscar's shop-wide figures; a producer sees only its own (the ownership rule,
    marketplace/producers/access.py), never whole orders that hold other producers' lines."""

    def get_stats(self):
        user = self.request.user
        if access.is_staff(user):
            return super().get_stats()
        products = access.products_for(user).filter(parent=None)
        lines = access.order_lines_for(user)
        return {
            "producers": access.producers_of(user),
            "total_products": products.count(),
            "total_listed_products": products.listable().count(),
            "total_lines": lines.count(),
            "total_line_revenue": lines.aggregate(total=Sum("line_price_incl_tax"))["total"] or 0,
        }
