"""Shoppers who press "Add to basket" at the same moment (two tabs, a double tap, a family
sharing one account) each get their unit: no increment of a basket line is lost."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import ProductFactory

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")

THREADS = 12
ADDS_PER_THREAD = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_to_one_basket_are_all_counted(admin_units):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "SQLite's in-memory test database is shared between threads in shared-cache mode, where a write "
            "that meets another connection's lock fails at once ('database table is locked': the busy timeout "
            "does not apply), so concurrent requests cannot run on it; this test runs on PostgreSQL"
        )
    product = ProductFactory(price=95000)
    StockRecord.objects.filter(product=product).update(num_in_stock=1000)
    user = get_user_model().objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026")
    basket = Basket.objects.create(owner=user)
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(user)  # each thread its own session, all on the user's one open basket
        clients.append(client)
    url = reverse("basket:add", kwargs={"pk": product.pk})
    start = threading.Barrier(THREADS)
    statuses, errors = [], []

    def shopper(client):
        try:
            start.wait()
            for _ in range(ADDS_PER_THREAD):
                statuses.append(client.post(url, {"quantity": 1}).status_code)
        except Exception as error:  # reported below; a thread's exception would be lost
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own database connection

    threads = [threading.Thread(target=shopper, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert statuses == [302] * THREADS * ADDS_PER_THREAD
    assert [(line.product_id, line.quantity) for line in basket.all_lines()] == [
        (product.pk, THREADS * ADDS_PER_THREAD)
    ]
