"""The demo's two producer logins — ``producer1@ocop.local`` and ``producer2@ocop.local`` — for
two producers of the demo registry that sell online and also have a showcase-only product (no
online price yet), so that each login shows the whole producer area: listed and showcase
products, stock online and at the sales points, orders (one order holds both producers' lines:
orders.py), notices and a story awaiting the province's approval.

Loading again finds what is there and adds nothing twice.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from oscar.core.loading import get_model

from marketplace.order import statuses
from marketplace.order.notifications import new_order_notice

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")

PRODUCER_LOGINS = ("producer1@ocop.local", "producer2@ocop.local")


def _login_producer_ids():
    from .orders import shippable_by_producer

    chosen = []
    for producer, _products in shippable_by_producer():
        if Product.objects.filter(producer=producer, parent=None, stockrecords__isnull=True).exists():
            chosen.append(producer.pk)
        if len(chosen) == len(PRODUCER_LOGINS):
            break
    return chosen


def login_producers():
    """The producers with demo logins, in the order of :data:`PRODUCER_LOGINS`: those of the
    login users when they exist, else the first two (Lục Nam's first) that sell things that ship
    anywhere and have a showcase product."""
    existing = _users_producers()
    if len(existing) == len(PRODUCER_LOGINS):
        return existing
    ids = _login_producer_ids()
    by_pk = get_model("partner", "Partner").objects.in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def _users_producers():
    """The producers of the demo login users that exist, in login order."""
    found = []
    for email in PRODUCER_LOGINS:
        user = get_user_model().objects.filter(email=email).first()
        producer = user.partners.first() if user else None
        if producer is not None:
            found.append(producer)
    return found


def ensure_producer_logins():
    """The two producer logins (reset to the demo password on every load); returns
    ``[(email, producer)]``."""
    from .orders import PASSWORD

    User = get_user_model()
    access = Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    logins = []
    for email, producer in zip(PRODUCER_LOGINS, login_producers(), strict=False):
        username = email.split("@")[0]
        user = User.objects.filter(email=email).first() or User(username=username, email=email)
        user.first_name, user.last_name = "", producer.name[:150]
        user.set_password(PASSWORD)
        user.save()
        user.user_permissions.add(access)
        producer.users.add(user)
        logins.append((email, producer))
    return logins


def add_notices(orders):
    """What the producers' homes show: the "new order" notice of each demo order with their
    lines, as the checkout makes it (the demo places its orders quietly)."""
    for order in orders.values():
        if order.status == statuses.AWAITING_PAYMENT:
            continue
        lines_by_producer = {}
        for line in order.lines.select_related("partner"):
            lines_by_producer.setdefault(line.partner, []).append(line)
        for producer, lines in lines_by_producer.items():
            if producer is not None:
                new_order_notice(order, producer, lines)


def demo_producer_logins():
    """``[(email, producer)]`` of the demo producer logins that exist (for the summary)."""
    return list(zip(PRODUCER_LOGINS, _users_producers(), strict=False))
