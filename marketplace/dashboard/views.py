import datetime

from django.db.models import Q
from oscar.apps.dashboard.views import IndexView as OscarIndexView

from catalog.certification.models import local_today
from marketplace.order import statuses
from marketplace.producers import access

#: Line statuses that wait for the producer.
TO_PREPARE = (statuses.NEW, statuses.CONFIRMED, statuses.PACKED, statuses.AT_POINT)


class IndexView(OscarIndexView):
    """Staff see Oscar's shop-wide figures. A producer lands on its own home: what needs doing
    (lines to prepare, certificates about to expire, products not listed, new notices), only its
    own (the ownership rule, marketplace/producers/access.py)."""

    def get_stats(self):
        user = self.request.user
        if access.is_staff(user):
            return super().get_stats()
        products = access.products_for(user).filter(parent=None)
        listed = products.listable()
        today = local_today()
        lines = access.order_lines_for(user).exclude(order__status=statuses.AWAITING_PAYMENT)
        notices = access.producer_notices_for(user)
        return {
            "producers": access.producers_of(user),
            "total_products": products.count(),
            "total_listed_products": listed.count(),
            "not_listed_products": products.exclude(pk__in=listed.values("pk")).count(),
            "expiring_products": products.filter(
                Q(certificate__valid_until__gte=today),
                Q(certificate__valid_until__lte=today + datetime.timedelta(days=90)),
            ).count(),
            "lines_to_prepare": lines.filter(status__in=TO_PREPARE).count(),
            "unread_notices": notices.filter(read_at=None).count(),
            "notices": notices.select_related("producer")[:5],
        }
