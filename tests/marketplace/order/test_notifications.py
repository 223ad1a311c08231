"""The order e-mails: the customer hears when the order is placed, paid, shipped, ready at the
sales point or cancelled (Vietnamese by default, prices as ``120.000 ₫``, a link to follow the
order); each producer gets one e-mail with only its own lines when the order may proceed; each
e-mail goes once, whatever is repeated."""

import socket

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from oscar.apps.order.signals import order_status_changed
from oscar.core.loading import get_class, get_model

from marketplace.order import statuses
from marketplace.order.models import Shipment
from marketplace.payment.records import payment_source, record_payment
from tests.factories import SalesPointFactory

OrderPlacementMixin = get_class("checkout.mixins", "OrderPlacementMixin")
CommunicationEventType = get_model("communication", "CommunicationEventType")
ShippingAddress = get_model("order", "ShippingAddress")

pytestmark = pytest.mark.django_db

CUSTOMER = "lan@example.vn"
A_MAIL, B_MAIL = "htx-a@example.vn", "htx-b@example.vn"


@pytest.fixture
def placed(order, two_producers, email_event_types):
    """The fixture's order (A's honey 250.000 ₫, B's tea 120.000 ₫) as a guest's home delivery
    in Bắc Ninh, still awaiting payment; A and B with a contact e-mail and a user each."""
    order.guest_email = CUSTOMER
    order.shipping_address = ShippingAddress.objects.create(
        last_name="Nguyễn Thị Lan",
        phone_number="+84912345678",
        line1="Số 5, đường Lê Lợi",
        line4="Xã Nghĩa Phương",
        state="Tỉnh Bắc Ninh",
        country_id="VN",
        province_id="24",
        commune_id="07486",
        notes="Gọi trước khi giao",
    )
    order.shipping_method, order.shipping_code = "Home delivery", "home-delivery"
    order.save()
    for producer, email in ((two_producers.a, A_MAIL), (two_producers.b, B_MAIL)):
        producer.email = email
        producer.save()
    return order


def checkout_sends_confirmation(order, user=None, rf=None):
    """What the checkout does right after placement: Oscar's ``send_order_placed_email``."""
    from django.test import RequestFactory

    view = OrderPlacementMixin()
    view.request = (rf or RequestFactory()).get("/checkout/preview/")
    view.request.user = user or AnonymousUser()
    view.send_order_placed_email(order)


def to(address):
    return [m for m in mail.outbox if address in m.to]


def guest_link(order):
    path = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    return settings.SITE_URL + path


def place_cash_on_delivery(order, capture):
    payment_source(order, "cod")
    with capture(execute=True):
        order.set_status(statuses.PLACED)
        checkout_sends_confirmation(order)


def test_a_cash_on_delivery_order_is_confirmed_to_the_customer_in_vietnamese(
    placed, django_capture_on_commit_callbacks
):
    placed.shipping_address.notes = 'Gọi trước khi giao <b>"quà" & hoa</b>'
    placed.shipping_address.save()
    place_cash_on_delivery(placed, django_capture_on_commit_callbacks)

    [message] = to(CUSTOMER)
    assert message.subject == f"[Chợ OCOP] Đã nhận đơn hàng {placed.number}"
    body = message.body
    assert body.startswith("Xin chào Nguyễn Thị Lan,\n")
    assert f"Cảm ơn bạn đã đặt đơn hàng {placed.number} tại Chợ OCOP." in body
    assert "Các chủ thể đang chuẩn bị đơn hàng." in body
    # the lines grouped by producer, prices in đồng as Vietnamese write them
    assert "Hợp tác xã Chè Tân Cương\n  - Chè búp Tân Cương × 1: 120.000 ₫\n" in body
    assert "Hợp tác xã Mật ong Lục Nam\n  - Mật ong hoa vải Lục Nam × 1: 250.000 ₫\n" in body
    assert "Giao hàng: Giao hàng tận nơi\n" in body
    assert "Giao đến: Nguyễn Thị Lan, 0912 345 678, Số 5, đường Lê Lợi, Xã Nghĩa Phương, Tỉnh Bắc Ninh" in body
    assert 'Ghi chú: Gọi trước khi giao <b>"quà" & hoa</b>' in body  # the text part is not HTML-escaped
    assert "Thanh toán: Thanh toán khi nhận hàng" in body
    assert "Tổng cộng: 370.000 ₫" in body
    assert f"Theo dõi đơn hàng: {guest_link(placed)}" in body
    assert "khi nhận được thanh toán" not in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{guest_link(placed)}"' in html and "370.000 ₫" in html
    assert "&lt;b&gt;&quot;quà&quot; &amp; hoa&lt;/b&gt;" in html  # the HTML part is
    assert not any("Đã nhận thanh toán" in m.subject for m in mail.outbox)


def test_each_producer_gets_one_email_with_only_its_own_lines(
    placed, two_producers, django_capture_on_commit_callbacks
):
    place_cash_on_delivery(placed, django_capture_on_commit_callbacks)

    [for_a] = to(A_MAIL)
    [for_b] = to(B_MAIL)
    assert for_a.to == [A_MAIL, two_producers.user_a.email]  # its contact address and its users, one message
    assert for_b.to == [B_MAIL, two_producers.user_b.email]
    assert for_a.subject == f"[Chợ OCOP] Đơn hàng mới {placed.number}: sản phẩm cần chuẩn bị"
    assert for_a.body.startswith("Kính gửi Hợp tác xã Mật ong Lục Nam,")
    assert "Mật ong hoa vải Lục Nam × 1: 250.000 ₫" in for_a.body
    assert "Chè búp Tân Cương × 1: 120.000 ₫" in for_b.body
    dashboard = f"{settings.SITE_URL}{reverse('dashboard:order-lines')}?order={placed.number}"
    for message, other in ((for_a, "Chè"), (for_b, "Mật ong")):
        body, html = message.body, message.alternatives[0][0]
        assert other not in body and other not in html  # never another producer's lines
        assert "Thanh toán" not in body and "370.000" not in body and "Thanh toán" not in html  # nor the payment
        assert "Giao hàng: Giao hàng tận nơi" in body
        assert "Giao đến: Nguyễn Thị Lan, 0912 345 678, Số 5, đường Lê Lợi" in body
        assert dashboard in body and f'href="{dashboard}"' in html
    assert len(mail.outbox) == 3


def test_a_transfer_order_waits_for_the_money_then_everyone_hears(placed, django_capture_on_commit_callbacks):
    payment_source(placed, "vietqr")
    with django_capture_on_commit_callbacks(execute=True):
        checkout_sends_confirmation(placed)
    [confirmation] = mail.outbox  # the producers wait for the money
    assert "Đơn hàng sẽ được chuẩn bị khi nhận được thanh toán." in confirmation.body
    assert "Thanh toán: Chuyển khoản ngân hàng (VietQR)" in confirmation.body

    with django_capture_on_commit_callbacks(execute=True):
        record_payment(placed, "vietqr", 370000, "FT26001")
        placed.set_status(statuses.PLACED)
    [paid] = to(CUSTOMER)[1:]
    assert paid.subject == f"[Chợ OCOP] Đã nhận thanh toán đơn hàng {placed.number}"
    assert f"Chúng tôi đã nhận được 370.000 ₫ thanh toán cho đơn hàng {placed.number}." in paid.body
    assert len(to(A_MAIL)) == len(to(B_MAIL)) == 1


def test_every_email_goes_once_however_often_the_status_is_set(placed, django_capture_on_commit_callbacks):
    payment_source(placed, "vietqr")
    record_payment(placed, "vietqr", 370000, "FT26001")
    with django_capture_on_commit_callbacks(execute=True):
        checkout_sends_confirmation(placed)
        checkout_sends_confirmation(placed)
        placed.set_status(statuses.PLACED)
        placed.set_status(statuses.AWAITING_PAYMENT)
        placed.set_status(statuses.PLACED)
        order_status_changed.send(
            sender=placed, order=placed, old_status=statuses.AWAITING_PAYMENT, new_status=statuses.PLACED
        )
        placed.set_status(statuses.SHIPPED)
        placed.set_status(statuses.IN_PROGRESS)
        placed.set_status(statuses.SHIPPED)
    subjects = sorted(m.subject for m in mail.outbox)
    number = placed.number
    assert subjects == sorted(
        [
            f"[Chợ OCOP] Đã nhận đơn hàng {number}",
            f"[Chợ OCOP] Đã nhận thanh toán đơn hàng {number}",
            f"[Chợ OCOP] Đơn hàng {number} đang được giao đến bạn",
            f"[Chợ OCOP] Đơn hàng mới {number}: sản phẩm cần chuẩn bị",
            f"[Chợ OCOP] Đơn hàng mới {number}: sản phẩm cần chuẩn bị",
        ]
    )
    # each is in the order's history, as staff see it on the dashboard
    assert placed.communication_events.count() == 4


def test_a_guest_who_gave_no_email_gets_none_and_the_producers_still_do(placed, django_capture_on_commit_callbacks):
    placed.guest_email = ""
    placed.save()
    place_cash_on_delivery(placed, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        placed.set_status(statuses.CANCELLED)
    assert sorted(address for m in mail.outbox for address in m.to if "example.vn" in address) == [A_MAIL, B_MAIL]


def test_shipped_with_the_carrier_and_the_cash_to_pay(placed, two_producers, django_capture_on_commit_callbacks):
    place_cash_on_delivery(placed, django_capture_on_commit_callbacks)
    shipment = Shipment.objects.create(order=placed, carrier="ghn", tracking_number="GHN123456")
    shipment.lines.set(placed.lines.all())
    with django_capture_on_commit_callbacks(execute=True):
        placed.set_status(statuses.SHIPPED)
    shipped = to(CUSTOMER)[-1]
    assert shipped.subject == f"[Chợ OCOP] Đơn hàng {placed.number} đang được giao đến bạn"
    assert f"Đơn hàng {placed.number} đã được giao cho đơn vị vận chuyển." in shipped.body
    assert "Giao Hàng Nhanh (GHN), mã vận đơn GHN123456" in shipped.body
    assert "Số tiền thanh toán khi nhận hàng: 370.000 ₫" in shipped.body


def test_ready_for_pickup_says_where_and_the_producers_where_to_bring_it(placed, django_capture_on_commit_callbacks):
    point = SalesPointFactory(name="Điểm OCOP Lục Nam", address="Thị trấn Đồi Ngô, huyện Lục Nam")
    placed.shipping_method, placed.shipping_code = "Pickup at Điểm OCOP Lục Nam", f"pickup-{point.pk}"
    placed.save()
    place_cash_on_delivery(placed, django_capture_on_commit_callbacks)
    for producer_mail in to(A_MAIL) + to(B_MAIL):
        assert "Giao hàng: Nhận tại Điểm OCOP Lục Nam\nThị trấn Đồi Ngô, huyện Lục Nam" in producer_mail.body
        assert "mang sản phẩm đến điểm bán này" in producer_mail.body
    with django_capture_on_commit_callbacks(execute=True):
        placed.set_status(statuses.READY_FOR_PICKUP)
    ready = to(CUSTOMER)[-1]
    assert ready.subject == f"[Chợ OCOP] Đơn hàng {placed.number} đã sẵn sàng để nhận"
    assert f"Đơn hàng {placed.number} đang chờ bạn tại Điểm OCOP Lục Nam." in ready.body
    assert "Thị trấn Đồi Ngô, huyện Lục Nam (" in ready.body  # with the opening hours
    assert "Số tiền thanh toán khi nhận hàng: 370.000 ₫" in ready.body


def test_a_cancelled_paid_order_says_the_money_comes_back(placed, django_capture_on_commit_callbacks):
    payment_source(placed, "vietqr")
    with django_capture_on_commit_callbacks(execute=True):
        record_payment(placed, "vietqr", 370000, "FT26001")
        placed.set_status(statuses.PLACED)
        placed.set_status(statuses.CANCELLED)
    cancelled = to(CUSTOMER)[-1]
    assert cancelled.subject == f"[Chợ OCOP] Đơn hàng {placed.number} đã bị hủy"
    assert "Số tiền 370.000 ₫ bạn đã thanh toán sẽ được hoàn lại." in cancelled.body


def test_an_order_placed_in_english_is_confirmed_in_english_the_producers_read_vietnamese(
    placed, django_capture_on_commit_callbacks
):
    payment_source(placed, "cod")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        placed.set_status(statuses.PLACED)
        checkout_sends_confirmation(placed)
    [confirmation] = to(CUSTOMER)
    assert confirmation.subject == f"[Chợ OCOP] Order {placed.number} received"
    assert "Mật ong hoa vải Lục Nam × 1: 250,000 ₫" in confirmation.body
    assert "Delivery: Home delivery" in confirmation.body and "Payment: Cash on delivery" in confirmation.body
    assert to(A_MAIL)[0].subject.startswith("[Chợ OCOP] Đơn hàng mới")


def test_a_signed_in_customer_follows_the_order_from_their_account(
    placed, django_user_model, django_capture_on_commit_callbacks
):
    customer = django_user_model.objects.create_user("lan", "lan.nguyen@example.vn", "mat-khau-dai-2026")
    placed.user, placed.guest_email = customer, ""
    placed.save()
    payment_source(placed, "cod")
    with django_capture_on_commit_callbacks(execute=True):
        placed.set_status(statuses.PLACED)
        checkout_sends_confirmation(placed, user=customer)
    [confirmation] = to("lan.nguyen@example.vn")
    link = settings.SITE_URL + reverse("customer:order", kwargs={"order_number": placed.number})
    assert f"Theo dõi đơn hàng: {link}" in confirmation.body
    assert customer.emails.filter(subject=confirmation.subject).exists()  # in their account's e-mails


def test_staff_edit_the_order_emails_in_the_dashboard(
    placed, client, two_producers, django_capture_on_commit_callbacks
):
    client.force_login(two_producers.staff)
    html = client.get("/dashboard/comms/").content.decode()
    for code in ("ORDER_PLACED", "ORDER_PAID", "ORDER_SHIPPED", "ORDER_READY_FOR_PICKUP", "ORDER_CANCELLED"):
        assert f"/dashboard/comms/{code}/" in html
    assert "/dashboard/comms/PRODUCER_ORDER_PLACED/" in html
    CommunicationEventType.objects.filter(code="ORDER_CANCELLED").update(
        email_subject_template="Rất tiếc: đơn {{ order.number }} đã hủy"
    )
    with django_capture_on_commit_callbacks(execute=True):
        placed.set_status(statuses.CANCELLED)
    [cancelled] = to(CUSTOMER)
    assert cancelled.subject == f"Rất tiếc: đơn {placed.number} đã hủy"
    assert "Đơn hàng" in cancelled.body  # the body staff left empty: the theme's


def test_a_mail_server_that_refuses_does_not_stop_the_order(placed, django_capture_on_commit_callbacks):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    payment_source(placed, "cod")
    smtp = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=closed_port
    )
    with smtp, django_capture_on_commit_callbacks(execute=True):
        placed.set_status(statuses.PLACED)
        checkout_sends_confirmation(placed)
    placed.refresh_from_db()
    assert placed.status == statuses.PLACED
    # the customer's confirmation is not recorded as sent (the producers' round is: it was tried)
    assert not placed.communication_events.filter(event_type__code="ORDER_PLACED").exists()
