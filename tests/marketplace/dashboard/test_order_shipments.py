"""Staff record, on an order's dashboard page, each parcel handed to a carrier: the lines it
carries (one producer's), the carrier and the tracking number. Nobody else can."""

import pytest
from django.urls import reverse
from oscar.test.factories import create_order

from marketplace.order.models import Shipment

pytestmark = pytest.mark.django_db


def url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def line_of(order, producer):
    return order.lines.get(partner=producer)


def record(client, order, lines, carrier="ghn", tracking="GHN 123 abc", **extra):
    data = {
        "order_action": "record_shipment",
        "lines": [line.pk for line in lines],
        "carrier": carrier,
        "tracking_number": tracking,
        "shipped_on": "05/12/2026",
        **extra,
    }
    return client.post(url(order), data)


def test_staff_record_a_shipment_and_see_it_on_the_order_page(client, two_producers, order):
    t = two_producers
    client.force_login(t.staff)
    page = client.get(url(order)).content.decode()
    assert 'id="shipment_form"' in page and "Mật ong hoa vải Lục Nam" in page
    assert "Chưa ghi kiện hàng nào." in page

    response = record(client, order, [line_of(order, t.a)])
    assert response.status_code == 302
    shipment = Shipment.objects.get()
    assert (shipment.order, shipment.carrier, shipment.tracking_number) == (order, "ghn", "GHN123ABC")
    assert list(shipment.lines.all()) == [line_of(order, t.a)] and shipment.recorded_by == t.staff
    assert shipment.shipped_on.isoformat() == "2026-12-05"

    page = client.get(url(order)).content.decode()
    assert "Giao Hàng Nhanh (GHN)" in page and "GHN123ABC" in page and "05/12/2026" in page


def test_a_parcel_carries_one_producers_lines(client, two_producers, order):
    t = two_producers
    client.force_login(t.staff)
    response = record(client, order, [line_of(order, t.a), line_of(order, t.b)])
    assert response.status_code == 200
    assert "Mỗi kiện hàng chỉ gồm các dòng của một chủ thể" in response.content.decode()
    assert not Shipment.objects.exists()


def test_another_carrier_must_be_named_and_a_tracking_number_is_recorded_once(client, two_producers, order):
    t = two_producers
    client.force_login(t.staff)
    response = record(client, order, [line_of(order, t.a)], carrier="other", tracking="NV-001")
    assert "Hãy ghi tên đơn vị vận chuyển." in response.content.decode()
    assert record(client, order, [line_of(order, t.a)], carrier="other", tracking="NV-001", carrier_name="Nhất Tín")
    assert Shipment.objects.get().carrier_label == "Nhất Tín"

    again = record(client, order, [line_of(order, t.b)], carrier="other", tracking="nv-001")
    assert f"Mã vận đơn này đã được ghi cho đơn hàng {order.number}." in again.content.decode()
    assert Shipment.objects.count() == 1


def test_lines_of_another_order_cannot_be_shipped_with_this_one(client, two_producers, order):
    t = two_producers
    other = create_order(number="100002", basket=order.basket)
    client.force_login(t.staff)
    response = record(client, order, [other.lines.first()])
    assert response.status_code == 200 and not Shipment.objects.exists()


def test_producers_customers_and_strangers_cannot_record_shipments(client, two_producers, order, django_user_model):
    t = two_producers
    customer = django_user_model.objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026")
    for user in (t.user_a, customer, None):
        client.logout()
        if user:
            client.force_login(user)
        response = record(client, order, [line_of(order, t.a)])
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]
    assert not Shipment.objects.exists()
