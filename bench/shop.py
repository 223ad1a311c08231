"""What the page benchmark needs on top of the synced registry: prices and stock for most
products, the home page's blocks, and the search index."""

from decimal import Decimal

from django.core.management import call_command
from oscar.core.loading import get_model

from catalog.demo.loader import compose_home_page

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def prepare():
    products = Product.objects.filter(stockrecords__isnull=True).values_list("pk", "producer_id", "product_code")
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product_id=pk,
                partner_id=producer,
                partner_sku=code,
                price_currency="VND",
                price=Decimal(30_000 + (pk * 7919) % 900 * 1000),
                num_in_stock=5 + pk % 100,
            )
            for pk, producer, code in products
            if pk % 7
        ],
        batch_size=2000,
    )
    compose_home_page()
    call_command("search_index", "--rebuild", verbosity=0)


def product_path():
    return Product.objects.listable().order_by("pk")[500].get_absolute_url()
