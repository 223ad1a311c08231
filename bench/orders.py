"""Order placement on the 20,000-product catalogue: throughput and latency percentiles.

Three measurements, each on orders of 1–3 lines (one unit of a product, or two, from a random
producer each; things that ship anywhere, home delivery to one of five provinces, cash on
delivery), with the site's own code:

1. **checkout over HTTP** — Django's test client, in this process, one new guest per order:
   add to basket, contact, address, delivery, payment, review, *Place order*, confirmation.
   Every request goes through the middleware, the views, the templates and (PostgreSQL) the
   request's transaction, as under gunicorn, without the network. Reported: the whole checkout
   (all its requests) and the *Place order* request alone.
2. **placement** — what *Place order* does, without the views: ``OrderCreator.place_order`` (row
   locks, the listing rule, stock and price rechecked, stock allocated), the payment source, the
   status roll-up and the e-mails after commit, in one transaction as the checkout does; the
   basket is built beforehand and not timed.
3. **concurrent placement** (PostgreSQL only) with 2 and 4 threads, each with its own database
   connection, on separate baskets (orders/s over the wall time), then a *hot* run: 4 threads,
   200 one-unit orders for 10 products that have 15 units each — nothing may be oversold.
   Threads share the interpreter lock, so the throughput is a floor for a multi-process server.

After each run the stock is checked: for every stock record touched, what was allocated during
the run equals the units of the orders placed (nothing lost, nothing oversold), and no record is
allocated beyond its stock. E-mails are rendered and handed to a backend that drops them. At the
end the benchmark's orders are deleted and the stock put back, so the run can be repeated.

    manage.py shell -c "from bench.orders import run; run()"         # 300 orders (BENCH_ORDERS)
"""

import math
import os
import random
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.core.loading import get_class, get_model

from catalog.catalogue.classification import Fulfilment
from catalog.demo.orders import quiet  # e-mails rendered, then dropped, as the demo does
from marketplace.order import statuses
from marketplace.payment.records import payment_source

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
ShippingAddress = get_model("order", "ShippingAddress")
ShippingAddressForm = get_class("checkout.forms", "ShippingAddressForm")
Repository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
CannotPlaceOrder = get_class("order.utils", "CannotPlaceOrder")

SEED = 148
ORDERS = int(os.environ.get("BENCH_ORDERS", 300))
THREADS = (2, 4)
HOT_PRODUCTS, HOT_STOCK, HOT_ORDERS = 10, 15, 200
# Where the shoppers live: (province, commune) of today's units.
PLACES = [("24", "07486"), ("01", "00004"), ("79", "26743"), ("19", "05443"), ("48", "20242")]


# --- what is ordered ---------------------------------------------------------------------------
def catalogue():
    """``{producer id: [product id]}``: listable products sold online that ship anywhere, with
    at least 4 units free."""
    free = {
        product: in_stock - (allocated or 0)
        for product, in_stock, allocated in StockRecord.objects.values_list(
            "product_id", "num_in_stock", "num_allocated"
        )
    }
    by_producer = defaultdict(list)
    listable = Product.objects.listable().filter(product_class__slug=Fulfilment.SHIP)
    for pk, producer in listable.values_list("pk", "producer_id").order_by("pk"):
        if free.get(pk, 0) >= 4:
            by_producer[producer].append(pk)
    return dict(by_producer)


def wanted(rng, by_producer, producers):
    """1–3 lines ``[(product id, quantity)]``, each from a random producer."""
    lines = {}
    for _ in range(rng.randint(1, 3)):
        product = rng.choice(by_producer[rng.choice(producers)])
        lines[product] = rng.choice((1, 1, 2))
    return list(lines.items())


def address_data(rng, n):
    province, commune = rng.choice(PLACES)
    return {
        "name": f"Khách Thử {n}",
        "phone_number": f"0912 {n % 1000:03d} {rng.randint(100, 999)}",
        "line1": f"Số {rng.randint(1, 300)} đường Hùng Vương",
        "province": province,
        "commune": commune,
        "notes": "",
    }


# --- measuring -----------------------------------------------------------------------------------
def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def row(label, orders, seconds, latencies, extra=""):
    ms = [s * 1000 for s in latencies]
    return (
        f"| {label} | {orders} | {orders / seconds:.1f} | {percentile(ms, 50):.0f} | {percentile(ms, 95):.0f} "
        f"| {percentile(ms, 99):.0f} | {extra} |"
    )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def allocations(record_ids):
    return dict(StockRecord.objects.filter(pk__in=record_ids).values_list("pk", "num_allocated"))


def check_stock(before, order_ids):
    """Nothing lost or oversold: for each stock record, what was allocated since ``before``
    equals the units of the orders ``order_ids``, and no record is allocated beyond its stock.
    Returns (units sold, problems)."""
    sold = Counter()
    for record, quantity in Line.objects.filter(order_id__in=order_ids).values_list("stockrecord_id", "quantity"):
        sold[record] += quantity
    problems = []
    rows = StockRecord.objects.filter(pk__in=set(before) | set(sold)).values_list("pk", "num_allocated", "num_in_stock")
    for pk, allocated, in_stock in rows:
        delta = (allocated or 0) - (before.get(pk) or 0)
        if delta != sold[pk]:
            problems.append(f"stock record {pk}: {delta} allocated, {sold[pk]} sold")
        if (allocated or 0) > in_stock:
            problems.append(f"stock record {pk}: {allocated} allocated of {in_stock} in stock (oversold)")
    return sum(sold.values()), problems


# --- 1. the checkout, over HTTP -----------------------------------------------------------------
TOTAL = re.compile(r'name="total" value="(\d+)"')


def host():
    return next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "127.0.0.1")


def checkout(client, lines, address, email):
    """One guest's whole checkout; returns (seconds of *Place order*, the order's number)."""

    def ok(response, status=302):
        if response.status_code != status:
            raise RuntimeError(f"{response.request['PATH_INFO']}: {response.status_code}")
        return response

    for product, quantity in lines:
        ok(client.post(reverse("basket:add", kwargs={"pk": product}), {"quantity": quantity}))
    ok(
        client.post(
            reverse("checkout:index"), {"phone": address["phone_number"], "name": address["name"], "email": email}
        )
    )
    ok(client.post(reverse("checkout:shipping-address"), address))
    ok(client.post(reverse("checkout:shipping-method"), {"method_code": "home-delivery"}))
    ok(client.post(reverse("checkout:payment-method"), {"method": "cod"}))
    review = ok(client.get(reverse("checkout:preview")), 200)
    total = TOTAL.search(review.content.decode()).group(1)
    started = time.perf_counter()
    placed = ok(client.post(reverse("checkout:preview"), {"action": "place_order", "total": total}))
    seconds = time.perf_counter() - started
    if placed["Location"] != reverse("checkout:thank-you"):
        raise RuntimeError(f"not placed: {placed['Location']}")
    ok(client.get(placed["Location"]), 200)
    return seconds, client.session["checkout_order_id"]


def bench_http(rng, by_producer, producers, n):
    plans = [
        (wanted(rng, by_producer, producers), address_data(rng, i), "" if i % 2 else f"k{i}@khach.example")
        for i in range(n)
    ]
    whole, place, ids = [], [], []
    started = time.perf_counter()
    for lines, address, email in plans:
        begun = time.perf_counter()
        seconds, order_id = checkout(Client(HTTP_HOST=host()), lines, address, email)
        whole.append(time.perf_counter() - begun)
        place.append(seconds)
        ids.append(order_id)
    wall = time.perf_counter() - started
    return wall, whole, place, ids


# --- 2. placement, as *Place order* does it ----------------------------------------------------
BASKETS = []  # the baskets the benchmark made itself


def basket_of(lines):
    basket = Basket.objects.create()
    BASKETS.append(basket.pk)
    basket.strategy = Selector().strategy()
    products = Product.objects.in_bulk([product for product, _ in lines])
    for product, quantity in lines:
        basket.add_product(products[product], quantity)
    return basket


def prepared(rng, by_producer, producers, n):
    """Baskets and addresses for ``n`` orders (not timed)."""
    plans = []
    for i in range(n):
        lines = wanted(rng, by_producer, producers)
        form = ShippingAddressForm(data=address_data(rng, i))
        if not form.is_valid():
            raise RuntimeError(form.errors.as_text())
        plans.append((basket_of(lines), form.instance))
    return plans


def place(basket, address):
    """What the checkout's handle_order_placement does; returns the order."""
    basket.strategy = Selector().strategy()
    method = Repository().find_by_code("home-delivery", basket, shipping_addr=address)
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    with transaction.atomic():
        address.save()
        order = OrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=method,
            shipping_charge=charge,
            shipping_address=address,
            order_number=OrderNumberGenerator().order_number(basket),
            guest_email="",
        )
        basket.submit()
        payment_source(order, "cod")
        statuses.refresh(order)
    return order


def bench_direct(plans):
    latencies, ids = [], []
    for basket, address in plans:
        started = time.perf_counter()
        ids.append(place(basket, address).pk)
        latencies.append(time.perf_counter() - started)
    return sum(latencies), latencies, ids


# --- 3. concurrent placement --------------------------------------------------------------------
def bench_threads(plans, threads):
    """Place ``plans`` from ``threads`` threads; returns (wall seconds, latencies, order ids,
    refused)."""
    shares = [plans[i::threads] for i in range(threads)]
    latencies, ids, refused, errors = [], [], [], []
    lock, start = threading.Lock(), threading.Barrier(threads + 1)

    def worker(share):
        try:
            start.wait()
            for basket, address in share:
                began = time.perf_counter()
                try:
                    order = place(basket, address)
                except CannotPlaceOrder:
                    with lock:
                        refused.append(basket.pk)
                    continue
                with lock:
                    latencies.append(time.perf_counter() - began)
                    ids.append(order.pk)
        except Exception as error:  # reported, never hidden
            errors.append(repr(error))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for w in workers:
        w.start()
    start.wait()
    started = time.perf_counter()
    for w in workers:
        w.join()
    wall = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} thread(s) failed: {errors[:3]}")
    return wall, latencies, ids, refused


def hot_plans(rng, by_producer):
    """200 one-unit baskets over 10 products set to 15 free units each."""
    products = rng.sample([pk for pks in by_producer.values() for pk in pks], HOT_PRODUCTS)
    for record in StockRecord.objects.filter(product_id__in=products):
        record.num_in_stock = (record.num_allocated or 0) + HOT_STOCK
        record.save(update_fields=["num_in_stock"])
    plans = []
    for i in range(HOT_ORDERS):
        form = ShippingAddressForm(data=address_data(rng, i))
        form.is_valid()
        plans.append((basket_of([(rng.choice(products), 1)]), form.instance))
    return products, plans


# --- the run -------------------------------------------------------------------------------------
def run(orders=ORDERS, seed=SEED):
    rng = random.Random(seed)
    by_producer = catalogue()
    producers = sorted(by_producer)
    records = list(StockRecord.objects.values_list("pk", "num_in_stock", "num_allocated"))
    vendor = connection.vendor
    print(
        f"{vendor}: {Product.objects.count()} products, {Product.objects.listable().count()} listable, "
        f"{sum(map(len, by_producer.values()))} to order from {len(producers)} producers"
    )
    print()
    title = f"order placement ({vendor}, {Product.objects.count():,} products)"
    print(f"| {title} | orders | orders/s | p50 ms | p95 ms | p99 ms | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    placed = []
    try:
        with quiet():
            before = allocations([pk for pk, _, _ in records])
            wall, whole, place_ms, ids = bench_http(rng, by_producer, producers, orders)
            placed += ids
            units, problems = check_stock(before, ids)
            print(row("checkout over HTTP, whole (9–11 requests)", len(ids), wall, whole, f"{units} units sold"))
            print(row("checkout over HTTP, *Place order* request", len(ids), sum(place_ms), place_ms, _ok(problems)))

            plans = prepared(rng, by_producer, producers, orders)
            before = allocations([pk for pk, _, _ in records])
            seconds, latencies, ids = bench_direct(plans)
            placed += ids
            units, problems = check_stock(before, ids)
            print(row("placement (OrderCreator), 1 thread", len(ids), seconds, latencies, _ok(problems)))

            if vendor == "postgresql":
                for threads in THREADS:
                    plans = prepared(rng, by_producer, producers, orders)
                    before = allocations([pk for pk, _, _ in records])
                    wall, latencies, ids, refused = bench_threads(plans, threads)
                    placed += ids
                    units, problems = check_stock(before, ids)
                    note = f"{units} units sold, {len(refused)} refused; {_ok(problems)}"
                    print(row(f"placement, {threads} threads", len(ids), wall, latencies, note))
                products, plans = hot_plans(rng, by_producer)
                before = allocations([pk for pk, _, _ in records])
                wall, latencies, ids, refused = bench_threads(plans, 4)
                placed += ids
                units, problems = check_stock(before, ids)
                supply = HOT_PRODUCTS * HOT_STOCK
                demand = Counter(basket.all_lines()[0].product_id for basket, _ in plans)
                expected = sum(min(d, HOT_STOCK) for d in demand.values())
                if units != expected:
                    problems.append(f"{units} units sold, {expected} expected")
                note = (
                    f"{HOT_ORDERS} orders for {HOT_PRODUCTS} products × {HOT_STOCK} units: {units} of {supply} sold "
                    f"({expected} could be served), {len(refused)} refused; {_ok(problems)}"
                )
                print(row("placement, 4 threads, hot products", len(ids), wall, latencies, note))
            print()
            print(queries_per_order(rng, by_producer, producers))
    finally:
        cleanup(placed, records)


def _ok(problems):
    return "allocated = sold, nothing oversold" if not problems else "; ".join(problems[:5])


def queries_per_order(rng, by_producer, producers, n=10):
    """Database queries of a placement and of the *Place order* request, by number of lines."""
    by_lines = defaultdict(list)
    for basket, address in prepared(rng, by_producer, producers, n):
        counter = QueryCounter()
        lines = basket.num_lines
        with connection.execute_wrapper(counter):
            order = place(basket, address)
        by_lines[lines].append(counter.count)
        cleanup([order.pk], None)
    request = defaultdict(list)
    for i in range(n):
        lines = wanted(rng, by_producer, producers)
        client = Client(HTTP_HOST=host())
        counter = QueryCounter()
        with _counting_place(counter):
            _seconds, order_id = checkout(client, lines, address_data(rng, i), "")
        request[len(lines)].append(counter.count)
        cleanup([order_id], None)
    parts = [
        f"{k} line(s): placement {statistics.median(by_lines[k]):.0f}, *Place order* request "
        f"{statistics.median(request[k]):.0f}"
        for k in sorted(set(by_lines) & set(request))
    ]
    return "Database queries per order (median): " + "; ".join(parts) + "."


@contextmanager
def _counting_place(counter):
    """Count the queries of the *Place order* POST only (the request that places the order)."""
    from django.core.signals import request_finished, request_started

    state = {"on": False}

    def started(sender, environ=None, scope=None, **kwargs):
        env = environ or {}
        state["on"] = env.get("REQUEST_METHOD") == "POST" and env.get("PATH_INFO") == reverse("checkout:preview")

    def finished(sender, **kwargs):
        state["on"] = False

    def wrapper(execute, sql, params, many, context):
        if state["on"]:
            counter.count += 1
        return execute(sql, params, many, context)

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        with connection.execute_wrapper(wrapper):
            yield
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)


def cleanup(order_ids, records):
    """Delete the benchmark's orders (and their baskets and addresses); put the stock back as it
    was (``records``: (pk, in stock, allocated) before the run), unless None."""
    orders = Order.objects.filter(pk__in=order_ids)
    baskets = list(orders.values_list("basket_id", flat=True))
    addresses = list(orders.values_list("shipping_address_id", flat=True))
    orders.delete()
    Basket.objects.filter(pk__in=[b for b in baskets if b]).delete()
    ShippingAddress.objects.filter(pk__in=[a for a in addresses if a]).delete()
    if records is None:
        return
    changed = {
        pk: (in_stock, allocated)
        for pk, in_stock, allocated in StockRecord.objects.values_list("pk", "num_in_stock", "num_allocated")
    }
    fix = [
        StockRecord(pk=pk, num_in_stock=in_stock, num_allocated=allocated)
        for pk, in_stock, allocated in records
        if changed.get(pk) != (in_stock, allocated)
    ]
    StockRecord.objects.bulk_update(fix, ["num_in_stock", "num_allocated"], batch_size=1000)
    Basket.objects.filter(pk__in=BASKETS).delete()  # the refused ones, still open
    BASKETS.clear()
