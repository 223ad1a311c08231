"""Keeping the search index current: the database documents at once, Elasticsearch after the
transaction commits (through Celery when a broker is configured). Delisted products leave
the index at once; expiry needs no update, as both backends also filter on the date."""

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from catalog.certification.models import Certificate
from catalog.combos.models import ComboPart
from catalog.combos.parts import combos_holding
from catalog.signals import listing_changed, products_changed

from .documents import documents
from .models import SearchDocument
from .service import index_changed
from .tasks import update_elasticsearch

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
BATCH = 1000


def index_products(ids):
    """Bring the documents of products ``ids`` up to date (create, update or remove), and of the
    gift combos that hold any of them (a combo is listed only while all its parts are)."""
    ids = list(ids)
    ids += sorted(set().union(*(combos_holding(ids[i : i + BATCH]) for i in range(0, len(ids), BATCH))) - set(ids))
    for start in range(0, len(ids), BATCH):
        _index_batch(ids[start : start + BATCH])
    if ids:
        index_changed()
    if settings.ELASTICSEARCH_URL and ids:
        transaction.on_commit(lambda: update_elasticsearch.delay(ids), robust=True)


def _index_batch(ids):
    docs = documents(ids)
    SearchDocument.objects.filter(pk__in=ids).exclude(pk__in=[d["id"] for d in docs]).delete()
    SearchDocument.objects.bulk_create(
        [_row(d) for d in docs],
        update_conflicts=True,
        unique_fields=["product"],
        update_fields=[f.name for f in SearchDocument._meta.concrete_fields if f.name not in ("product", "vector")],
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchVector

        SearchDocument.objects.filter(pk__in=ids).update(
            vector=SearchVector("title", weight="A", config="simple")
            + SearchVector("text", weight="B", config="simple")
        )


def _row(d):
    return SearchDocument(
        product_id=d["id"],
        title=d["folded_title"],
        text=d["folded_text"],
        accented=d["accented_text"],
        province=d["province"],
        district=d["district"],
        group=d["group"],
        subgroup=d["subgroup"],
        producer=d["producer"],
        stars=d["stars"],
        price=d["price"],
        buy_online=d["buy_online"],
        combo=d["combo"],
        decision_date=d["decision_date"],
        valid_until=d["valid_until"],
    )


def rebuild_database_index(progress=None):
    index_changed()
    SearchDocument.objects.all().delete()
    ids = list(Product.objects.listable().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        _index_batch(ids[start : start + BATCH])
        if progress:
            progress(len(ids[start : start + BATCH]))
    return len(ids)


@receiver(listing_changed, dispatch_uid="search-listing-changed")
@receiver(products_changed, dispatch_uid="search-products-changed")
def _products_changed(sender, product_ids, announced=False, **kwargs):
    if not announced:  # (a sync's pages indexed them already: not twice)
        index_products(product_ids)


@receiver(post_save, sender=Product, dispatch_uid="search-product-saved")
@receiver(post_delete, sender=Product, dispatch_uid="search-product-deleted")
def _product_changed(sender, instance, **kwargs):
    index_products([instance.pk])


@receiver(post_save, sender=StockRecord, dispatch_uid="search-stock-saved")
@receiver(post_delete, sender=StockRecord, dispatch_uid="search-stock-deleted")
def _stock_changed(sender, instance, **kwargs):
    index_products([instance.product_id])


@receiver(post_save, sender=ComboPart, dispatch_uid="search-combo-part-saved")
@receiver(post_delete, sender=ComboPart, dispatch_uid="search-combo-part-deleted")
def _combo_part_changed(sender, instance, **kwargs):
    index_products([instance.combo_id])


@receiver(post_save, sender=Certificate, dispatch_uid="search-certificate-saved")
def _certificate_changed(sender, instance, **kwargs):
    index_products([instance.product_id])


@receiver(post_save, sender=Partner, dispatch_uid="search-producer-saved")
def _producer_changed(sender, instance, **kwargs):
    index_products(Product.objects.filter(producer=instance).values_list("pk", flat=True))
