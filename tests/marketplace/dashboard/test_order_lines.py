"""A producer's own order lines in the dashboard: what to prepare and where it goes, never
another producer's lines, the order's total or its payment."""

import pytest
from django.urls import reverse

from marketplace.order import statuses
from marketplace.payment.records import payment_source
from tests.factories import ProducerFactory, producer_user

pytestmark = pytest.mark.django_db
LINES = reverse("dashboard:order-lines")


@pytest.fixture
def placed(order):
    payment_source(order, "cod")
    statuses.refresh(order)
    return order


def test_a_producer_sees_its_own_lines_only(client, two_producers, placed, django_assert_max_num_queries):
    client.force_login(two_producers.user_a)
    with django_assert_max_num_queries(25):
        response = client.get(LINES, {"order": placed.number})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mật ong hoa vải Lục Nam" in page and "250.000 ₫" in page
    assert "Chè búp Tân Cương" not in page  # producer B's line
    assert "370.000" not in page  # the order's total
    assert "Mới" in page  # the line's status, in words


def test_a_producer_with_no_line_in_the_order_sees_nothing_of_it(client, two_producers, placed):
    client.force_login(producer_user(ProducerFactory(name="HTX khác", code="htx-c")))
    page = client.get(LINES, {"order": placed.number}).content.decode()
    assert f'id="order-{placed.number}"' not in page and "Mật ong" not in page and "Chè" not in page


def test_orders_waiting_for_payment_are_not_shown_yet(client, two_producers, order):
    payment_source(order, "vietqr")
    statuses.refresh(order)
    client.force_login(two_producers.user_a)
    assert "Mật ong hoa vải Lục Nam" not in client.get(LINES).content.decode()


def test_staff_see_every_line_and_visitors_are_sent_to_log_in(client, two_producers, placed):
    assert client.get(LINES).status_code == 302
    client.force_login(two_producers.staff)
    page = client.get(LINES).content.decode()
    assert "Mật ong hoa vải Lục Nam" in page and "Chè búp Tân Cương" in page


def test_a_bad_filter_is_ignored(client, two_producers, placed):
    from tests.test_hostile_input import HOSTILE_VALUES

    client.force_login(two_producers.user_a)
    assert client.get(LINES, {"status": "\x00<script>", "order": "x" * 500}).status_code == 200
    for value in HOSTILE_VALUES:  # the page's own parameters, with every hostile value
        for name in ("order", "status", "page"):
            assert client.get(LINES, {name: value}).status_code in (200, 404), (name, value)
