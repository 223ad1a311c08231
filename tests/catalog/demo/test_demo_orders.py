"""The demo's orders: one in each state a shop sees (cash on delivery placed, paid by card,
waiting for a transfer, ready at a sales point, shipped with tracking numbers, completed,
cancelled), from several producers, for guests and the demo customer, placed through the real
placement; loading again adds nothing; loading sends no e-mail; `make demo` prints the logins
and how to pay by test card or to the demo bank account."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.demo import orders as demo
from catalog.demo.producers import PRODUCER_LOGINS
from catalog.demo.summary import DEMO_BANK, summary
from marketplace.order import statuses
from marketplace.order.models import Carrier, Shipment
from marketplace.payment.records import is_paid
from marketplace.salespoints.models import PointStock
from marketplace.shipping.methods import pickup_point_id

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")
PaymentEvent = get_model("order", "PaymentEvent")
CommunicationEvent = get_model("order", "CommunicationEvent")

pytestmark = pytest.mark.django_db

MAKEFILE = Path(__file__).resolve().parents[3] / "Makefile"


def method(order):
    return order.sources.get().source_type.code


def test_the_demo_has_an_order_in_each_state(demo_orders):
    o = demo_orders
    assert {key: (order.status, method(order)) for key, order in o.items()} == {
        "cod-placed": (statuses.PLACED, "cod"),
        "card-paid": (statuses.PLACED, "card"),
        "transfer-awaiting": (statuses.AWAITING_PAYMENT, "vietqr"),
        "pickup-ready": (statuses.READY_FOR_PICKUP, "cod"),
        "shipped": (statuses.SHIPPED, "cod"),
        "completed": (statuses.COMPLETED, "card"),
        "cancelled": (statuses.CANCELLED, "cod"),
        "two-producers": (statuses.PLACED, "cod"),
    }
    # Many producers, one order: each order of two producers has a line of each.
    producers = set(Line.objects.filter(order__in=o.values()).values_list("partner_id", flat=True))
    assert len(producers) >= 8
    assert o["cod-placed"].lines.values("partner").distinct().count() == 2
    # Guests (one gave only a phone number) and the demo customer.
    customer = {key for key, order in o.items() if order.user and order.user.email == demo.CUSTOMER_EMAIL}
    assert customer == {"card-paid", "shipped", "completed"}
    assert o["pickup-ready"].user is None and o["pickup-ready"].email == ""
    assert o["cod-placed"].guest_email == "minh.tran@khach.example"


def test_shipments_pickup_and_cancellation_are_what_staff_and_producers_would_have_done(demo_orders):
    shipped = demo_orders["shipped"]
    assert set(shipped.lines.values_list("status", flat=True)) == {statuses.LINE_SHIPPED}
    parcels = list(Shipment.objects.filter(order=shipped).prefetch_related("lines"))
    assert len(parcels) == 2  # one per producer, each with its carrier and tracking number
    assert {p.carrier for p in parcels} == {Carrier.GHN, Carrier.VIETTEL_POST}
    ghn = next(p for p in parcels if p.carrier == Carrier.GHN)
    assert re.fullmatch(r"GHN\d{9}VN", ghn.tracking_number)
    assert all(len({line.partner_id for line in p.lines.all()}) == 1 for p in parcels)
    assert set(demo_orders["completed"].lines.values_list("status", flat=True)) == {statuses.DELIVERED}

    # The pickup waits at the Lục Nam point, its items reserved on that shelf, not online.
    pickup = demo_orders["pickup-ready"]
    assert set(pickup.lines.values_list("status", flat=True)) == {statuses.AT_POINT}
    point_id = pickup_point_id(pickup.shipping_code)
    for line in pickup.lines.all():
        row = PointStock.objects.get(point_id=point_id, product_id=line.product_id)
        assert row.point.code == demo.PICKUP_POINT and row.num_allocated >= line.quantity
        assert not StockRecord.objects.get(pk=line.stockrecord_id).num_allocated
    assert pickup.shipping_incl_tax == 0

    # A cancelled order holds no stock.
    cancelled = demo_orders["cancelled"]
    assert set(cancelled.lines.values_list("status", flat=True)) == {statuses.LINE_CANCELLED}
    for line in cancelled.lines.all():
        assert not StockRecord.objects.get(pk=line.stockrecord_id).num_allocated


def test_totals_reconcile_and_the_paid_ones_are_paid(demo_orders):
    for key, order in demo_orders.items():
        lines = sum((line.line_price_incl_tax for line in order.lines.all()), Decimal(0))
        assert order.total_incl_tax == lines + order.shipping_incl_tax, key
        assert order.total_incl_tax == int(order.total_incl_tax) > 0, key
        assert order.currency == "VND"
        if key in ("card-paid", "completed"):
            assert is_paid(order), key
            event = PaymentEvent.objects.get(order=order)
            assert event.amount == order.total_incl_tax and event.reference.startswith("pi_demo_")
        else:
            assert not is_paid(order), key
    # Delivery orders allocated their online stock: lines not yet handed to a carrier hold it.
    open_delivery = [o for k, o in demo_orders.items() if k not in ("pickup-ready", "cancelled")]
    waiting = ("new", "confirmed", "packed")
    for line in Line.objects.filter(order__in=open_delivery, status__in=waiting):
        assert StockRecord.objects.get(pk=line.stockrecord_id).num_allocated >= line.quantity


def test_loading_again_places_nothing_more(demo_orders):
    def state():
        return (
            sorted(Order.objects.values_list("pk", "number", "status", "total_incl_tax")),
            Line.objects.count(),
            Shipment.objects.count(),
            PaymentEvent.objects.count(),
            sorted(StockRecord.objects.filter(num_allocated__gt=0).values_list("pk", "num_allocated")),
            sorted(PointStock.objects.filter(num_allocated__gt=0).values_list("pk", "num_allocated")),
        )

    before = state()
    again = demo.load_orders()
    assert {k: o.pk for k, o in again.items()} == {k: o.pk for k, o in demo_orders.items()}
    assert state() == before


def test_the_demo_customer_sees_their_orders(client, demo_orders):
    assert client.login(username=demo.CUSTOMER_EMAIL, password=demo.PASSWORD)
    page = client.get(reverse("customer:order-list")).content.decode()
    mine = [demo_orders[k].number for k in ("card-paid", "shipped", "completed")]
    assert all(number in page for number in mine)
    assert demo_orders["cod-placed"].number not in page
    shipped = client.get(reverse("customer:order", kwargs={"order_number": demo_orders["shipped"].number}))
    assert shipped.status_code == 200 and demo_orders["shipped"].number in shipped.content.decode()

    client.logout()


def test_two_producer_logins_each_with_listed_and_showcase_products_and_a_shared_order(client, demo_orders):
    from catalog.demo.producers import PRODUCER_LOGINS, demo_producer_logins

    logins = demo_producer_logins()
    assert [email for email, _ in logins] == list(PRODUCER_LOGINS)
    first, second = (producer for _, producer in logins)
    assert first != second
    shared = demo_orders["two-producers"]
    assert {line.partner for line in shared.lines.all()} == {first, second}
    for email, producer in logins:
        client.logout()
        assert client.login(username=email, password=demo.PASSWORD)
        products = Product.objects.filter(producer=producer, parent=None)
        assert products.filter(stockrecords__isnull=True).exists()  # a showcase product
        assert products.listable().filter(stockrecords__num_in_stock__gt=0).exists()
        page = client.get(reverse("producers-dashboard:product-list")).content.decode()
        assert all(product.title in page for product in products)
        lines = client.get(reverse("dashboard:order-lines")).content.decode()
        assert str(shared.number) in lines
        home = client.get(reverse("dashboard:index")).content.decode()
        assert f"Đơn hàng mới {shared.number}" in home


def test_make_demo_prints_the_logins_and_how_to_pay(demo_orders, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    text = "\n".join(summary("admin@ocop.local", "ocop-demo-2026", demo_orders))
    assert "admin@ocop.local / ocop-demo-2026" in text
    assert f"{demo.CUSTOMER_EMAIL} / {demo.PASSWORD}" in text and all(
        f"{email} / {demo.PASSWORD}" in text for email in PRODUCER_LOGINS
    )
    assert all(order.number in text for order in demo_orders.values())
    assert "Chờ thanh toán" in text and "Sẵn sàng để nhận" in text  # each order's state, in Vietnamese
    # Card: the keys to set, the webhook to forward to, the test cards.
    assert "STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY và STRIPE_WEBHOOK_SECRET" in text
    assert "stripe listen --forward-to 127.0.0.1:8000/payments/stripe/webhook/" in text
    assert "4242 4242 4242 4242" in text and "4000 0000 0000 0002" in text
    assert "Chuyển khoản ngân hàng (VietQR) đang tắt" in text

    for name, value in DEMO_BANK.items():
        setattr(settings, name, value)
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    text = "\n".join(summary("admin@ocop.local", "ocop-demo-2026", demo_orders))
    assert "Thanh toán bằng thẻ đang bật" in text
    assert "Vietcombank, số tài khoản OCOPDEMO0000 (CHO OCOP DEMO)" in text
    assert "không chuyển tiền thật" in text


def test_a_guest_follows_the_printed_tracking_link(client, demo_orders):
    text = "\n".join(summary("admin@ocop.local", "ocop-demo-2026", demo_orders))
    order = demo_orders["transfer-awaiting"]
    link = re.search(rf"{re.escape(order.number)}.*?http://[^/]+(/\S+)", text, re.S).group(1)
    page = client.get(link)
    assert page.status_code == 200 and order.number in page.content.decode()


def test_make_demo_offers_bank_transfer_to_the_demo_account_only():
    """The Makefile's demo target sets the demo's bank account, and nothing else does."""
    exported = dict(re.findall(r"^demo: export (VIETQR_\w+) = (.+)$", MAKEFILE.read_text(), re.MULTILINE))
    assert exported == DEMO_BANK


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_orders_sends_no_email(email_event_types, mailoutbox, demo_orders):
    """Loaded as `make demo` does (each order committed): the e-mails the orders call for are
    recorded as sent and go nowhere."""
    assert len(demo_orders) == len(demo.SPECS)
    assert mailoutbox == []
    assert CommunicationEvent.objects.filter(order=demo_orders["shipped"]).exists()
