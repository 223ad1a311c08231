"""The demo's orders: a few orders in the states a shop sees every day, placed the way the checkout
places them — a basket priced by the site's strategy, the address through the checkout's form,
a delivery the delivery rules offer, Oscar's total calculator, our ``OrderCreator`` (row locks,
the listing rule, stock, pickup reservation) and the payment source — then moved on as producers
and staff move them (line statuses, shipments with tracking numbers, money recorded through
:func:`~marketplace.payment.records.record_payment`), the order's status rolled up each time.

Products come from several producers of the demo registry (things that ship anywhere, and what
the Lục Nam sales point holds for the pickup). Guests and one demo customer account order; the
two producers with demo logins (producers.py) share one order. Each order carries a note saying
it is a demo order, with its key: loading again finds it and places nothing more. Nothing is e-mailed while loading (the
e-mails' events are recorded as if sent, so nothing is sent later either).
"""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.core.loading import get_class, get_model

from catalog.catalogue.classification import Fulfilment
from marketplace.order import statuses
from marketplace.order.models import Carrier, Shipment
from marketplace.payment.records import payment_source, record_payment
from marketplace.salespoints.models import SalesPoint

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Product = get_model("catalogue", "Product")
ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
EventHandler = get_class("order.processing", "EventHandler")

PASSWORD = "ocop-demo-2026"  # the demo's logins share the staff one's
CUSTOMER_EMAIL = "khachhang@ocop.local"
PICKUP_POINT = "BG-LN-01"  # the Lục Nam district's point (catalog/demo/sales-points-demo.csv)
LUC_NAM = "218"
QUIET_LOGGERS = ("marketplace.order.notifications", "marketplace.emails", "oscar.alerts")
NOTE = "Đơn hàng mẫu của bản demo, không phải đơn thật (demo:{key})."


# The demo's people: their address as they would type it at checkout (current province and
# commune codes).
def _address(name, phone, street, province, commune, notes=""):
    return {
        "name": name,
        "phone_number": phone,
        "line1": street,
        "province": province,
        "commune": commune,
        "notes": notes,
    }


LAN = _address("Nguyễn Thị Lan", "0912 345 678", "Số 12, thôn Đông", "24", "07486")  # Xã Nghĩa Phương (Lục Nam)
MINH = _address("Trần Văn Minh", "0987 654 321", "Số 5, ngõ 42 phố Kim Mã", "01", "00004", "Gọi trước khi giao.")
HOA = _address("Lê Thị Hoa", "0903 123 456", "Số 88 đường Lê Lợi", "79", "26743")  # Phường Bến Thành, TP HCM
HUNG = _address("Phạm Văn Hùng", "0868 222 333", "Thôn Chản", "24", "07486")
THU = _address("Đỗ Minh Thu", "0977 456 789", "Tổ 7, phường Phan Đình Phùng", "19", "05443")  # Thái Nguyên


@dataclass
class Spec:
    """One demo order: who (``customer``: the demo account, else a guest with ``email``), where,
    what (``lines``: (producer index, product index, quantity) among the shippable producers, or
    (product index, quantity) among the pickup point's shelf), how it is delivered and paid,
    how many days ago, and what has happened since (``progress``)."""

    key: str
    address: dict
    payment: str
    lines: list
    progress: str = ""
    customer: bool = False
    email: str = ""
    pickup: bool = False
    days_ago: int = 0
    carriers: list = field(default_factory=list)
    logins: bool = False  # ``lines`` index the producers with demo logins (producers.py), not all


SPECS = [
    Spec("cod-placed", MINH, "cod", [(0, 0, 2), (1, 0, 1)], email="minh.tran@khach.example", days_ago=0),
    Spec("card-paid", LAN, "card", [(2, 0, 1), (2, 1, 1)], progress="paid", customer=True, days_ago=1),
    Spec("transfer-awaiting", HOA, "vietqr", [(3, 0, 3)], email="hoa.le@khach.example", days_ago=0),
    # A guest who gave only a phone number: the point calls him.
    Spec("pickup-ready", HUNG, "cod", [(0, 1), (1, 1)], progress="at_point", pickup=True, days_ago=2),
    Spec(
        "shipped",
        LAN,
        "cod",
        [(0, 1, 1), (4, 0, 2)],
        progress="shipped",
        customer=True,
        days_ago=4,
        carriers=[Carrier.GHN, Carrier.VIETTEL_POST],
    ),
    Spec(
        "completed",
        LAN,
        "card",
        [(5, 0, 1), (6, 0, 1)],
        progress="delivered",
        customer=True,
        days_ago=12,
        carriers=[Carrier.GHN, Carrier.GHTK],
    ),
    Spec("cancelled", THU, "cod", [(7, 0, 1)], progress="cancelled", email="thu.do@khach.example", days_ago=6),
    # The two producers with demo logins in one order, each with its own lines to prepare.
    Spec("two-producers", HOA, "cod", [(0, 0, 1), (1, 0, 2)], email="hoa.le@khach.example", logins=True),
]
KEYS = [spec.key for spec in SPECS]


def note_of(key):
    return NOTE.format(key=key)


def demo_orders():
    """The demo orders that exist, ``{key: order}``."""
    found = {}
    notes = OrderNote.objects.filter(message__startswith=NOTE[: NOTE.index("(")])
    for note in notes.select_related("order__user", "order__shipping_address").order_by("pk"):
        key = note.message.rsplit("(demo:", 1)[-1].rstrip(").")
        found.setdefault(key, note.order)
    return found


def load_orders():
    """Place the demo orders that are not there yet; return ``{key: order}`` of all of them."""
    customer = ensure_customer()
    shippable = shippable_by_producer()
    existing = demo_orders()
    missing = [spec for spec in SPECS if spec.key not in existing]
    if missing:
        shelf = pickup_shelf()
        with quiet():
            for spec in missing:
                place(spec, customer, shippable, shelf)
        existing = demo_orders()
    return {key: existing[key] for key in KEYS}


@contextmanager
def quiet():
    """The e-mails the demo orders call for are recorded as sent, and go nowhere; nothing is
    logged about them either."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# --- who orders, and who sells -----------------------------------------------------------------
def ensure_customer():
    """The demo customer's account (reset to the demo password on every load)."""
    User = get_user_model()
    user = User.objects.filter(email=CUSTOMER_EMAIL).first() or User(username="khachhang", email=CUSTOMER_EMAIL)
    user.first_name, user.last_name = "Lan", "Nguyễn Thị"
    user.set_password(PASSWORD)
    user.save()
    return user


# --- what they order ---------------------------------------------------------------------------
def shippable_by_producer():
    """``[(producer, [products])]``: listable products sold online that ship anywhere, with
    stock to spare, by producer — Lục Nam's producers first, then by their id."""
    products = (
        Product.objects.listable()
        .filter(product_class__slug=Fulfilment.SHIP, stockrecords__num_in_stock__gte=10)
        .select_related("producer")
        .order_by("producer_id", "pk")
        .distinct()
    )
    groups = {}
    for product in products:
        groups.setdefault(product.producer, []).append(product)
    return sorted(groups.items(), key=lambda item: (item[0].legacy_district_id != LUC_NAM, item[0].pk))


def pickup_shelf():
    """Products available at the demo's pickup point, one per producer, by product id."""
    strategy = Selector().strategy()
    rows = (
        strategy.stock_at_points()
        .filter(point__code=PICKUP_POINT, available__gte=2)
        .select_related("product")
        .order_by("product_id")
    )
    shelf, producers = [], set()
    for row in rows:
        if row.product.producer_id not in producers:
            producers.add(row.product.producer_id)
            shelf.append(row.product)
    return shelf


def _products(spec, shippable, shelf):
    if spec.pickup:
        return [(shelf[i % len(shelf)], quantity) for i, quantity in spec.lines]
    if spec.logins:
        from .producers import login_producers

        shippable = [(producer, products) for producer, products in shippable if producer in login_producers()]
    chosen = []
    for producer_index, product_index, quantity in spec.lines:
        _producer, products = shippable[producer_index % len(shippable)]
        chosen.append((products[product_index % len(products)], quantity))
    return chosen


# --- placing, as the checkout places ----------------------------------------------------------
def place(spec, customer, shippable, shelf):
    user = customer if spec.customer else None
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in _products(spec, shippable, shelf):
        basket.add_product(product, quantity)
    form = ShippingAddressForm(data=spec.address)
    if not form.is_valid():
        raise ValueError(f"demo order {spec.key}: the address is refused: {form.errors.as_text()}")
    address = form.instance
    if spec.pickup:
        point = SalesPoint.objects.get(code=PICKUP_POINT)
        near = (point.latitude, point.longitude) if point.latitude is not None else None
        methods = Repository().options(basket, address, origin=near).methods
        code = f"pickup-{point.pk}"
    else:
        methods = Repository().get_shipping_methods(basket, shipping_addr=address)
        code = "home-delivery"
    method = next((m for m in methods if m.code == code), None)
    if method is None:
        raise ValueError(f"demo order {spec.key}: {code} is not offered for {[m.code for m in methods]}")
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    placed_at = timezone.now() - datetime.timedelta(days=spec.days_ago, minutes=30)
    who = {"user": user} if user else {"guest_email": spec.email}  # as the checkout's submission
    with transaction.atomic():
        address.save()
        order = OrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=method,
            shipping_charge=charge,
            shipping_address=address,
            order_number=OrderNumberGenerator().order_number(basket),
            date_placed=placed_at,
            **who,
        )
        basket.submit()
        payment_source(order, spec.payment)
        statuses.refresh(order)
        order.notes.create(note_type=OrderNote.SYSTEM, message=note_of(spec.key))
        progress(order, spec, placed_at)
    return order


# --- and what happened since ------------------------------------------------------------------
def _move(order, *steps, lines=None):
    for line in lines if lines is not None else order.lines.all():
        for status in steps:
            line.set_status(status)
    statuses.refresh(order)


def progress(order, spec, placed_at):
    if spec.payment == "card" and spec.progress:  # paid: Stripe's webhook would record it
        source = payment_source(order, "card")
        source.reference = f"pi_demo_{order.number}"
        source.save(update_fields=["reference"])
        record_payment(order, "card", int(order.total_incl_tax), reference=source.reference)
        order.refresh_from_db()
    if spec.progress == "at_point":
        _move(order, statuses.CONFIRMED, statuses.PACKED, statuses.AT_POINT)
    elif spec.progress in ("shipped", "delivered"):
        _move(order, statuses.CONFIRMED)
        _move(order, statuses.PACKED)
        by_producer = {}
        for line in order.lines.order_by("pk"):
            by_producer.setdefault(line.partner_id, []).append(line)
        shipped_on = timezone.localdate(placed_at) + datetime.timedelta(days=1)
        for n, lines in enumerate(by_producer.values()):
            carrier = spec.carriers[n % len(spec.carriers)]
            shipment = Shipment.objects.create(
                order=order, carrier=carrier, tracking_number=tracking_number(carrier, order, n), shipped_on=shipped_on
            )
            shipment.lines.set(lines)
            _move(order, statuses.LINE_SHIPPED, lines=lines)
        if spec.progress == "delivered":
            _move(order, statuses.DELIVERED)
    elif spec.progress == "cancelled":
        lines = list(order.lines.all())
        _move(order, statuses.LINE_CANCELLED, lines=lines)  # back on sale (marketplace/order/fulfilment.py)
        order.notes.create(note_type=OrderNote.INFO, message="Khách hủy: đặt nhầm, sẽ đặt lại sau.")


def tracking_number(carrier, order, n):
    """A tracking number in the carrier's style, made from the order number (never a real one)."""
    digits = f"{int(order.number) * 7 + n:09d}"[-9:]
    return {
        Carrier.GHN: f"GHN{digits}VN",
        Carrier.VIETTEL_POST: f"VTP{digits}",
        Carrier.GHTK: f"S{digits}.DEMO",
    }.get(carrier, f"DEMO{digits}")
