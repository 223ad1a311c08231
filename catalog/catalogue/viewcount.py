"""Product views, counted without writing anything during the request.

Oscar's analytics app records a view with an ``UPDATE analytics_productrecord`` (and, for a
logged-in visitor, more rows) inside every product page request. Instead, a view adds one to
a counter per product in the cache (:func:`count_view`, the receiver of ``product_viewed``
connected in place of Oscar's in :mod:`.apps`), and the periodic task ``flush_product_views``
(:mod:`.tasks`, in ``CELERY_BEAT_SCHEDULE``) moves the counters to ``ProductRecord.num_views``
in a few queries (:func:`flush`). On Redis a view is one ``INCRBY``
(:meth:`marketplace.rediscache.RedisCache.count`). Per-user view history (Oscar's ``UserProductView``) is not
kept: nothing of ours reads it.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, Value, When
from oscar.core.loading import get_model

ProductRecord = get_model("analytics", "ProductRecord")
Product = get_model("catalogue", "Product")


def counter_key(product_id):
    return f"product-views:{product_id}"


def count_view(sender, product, **kwargs):
    """Receiver of ``product_viewed``: one more view of ``product``, in the cache only."""
    _add(product.pk, 1)


def _add(pk, n):
    key = counter_key(pk)
    count = getattr(cache, "count", None)  # Redis: one INCRBY (marketplace.rediscache)
    if count is not None:
        count(key, n)
        return
    cache.add(key, 0, None)
    try:
        cache.incr(key, n)
    except ValueError:  # evicted between the two calls
        cache.add(key, n, None)


def flush():
    """Add the cached counts to ``ProductRecord.num_views``; returns the number of views moved.

    A counter is read, then decreased by what was read (not reset), so views counted while the
    flush runs are kept for the next one; should writing fail, what was taken is given back."""
    keys = {counter_key(pk): pk for pk in Product.objects.values_list("pk", flat=True)}
    counts = {keys[key]: n for key, n in cache.get_many(keys).items() if n}
    if not counts:
        return 0
    for pk, n in counts.items():
        cache.decr(counter_key(pk), n)
    try:
        with transaction.atomic():
            existing = set(ProductRecord.objects.filter(product_id__in=counts).values_list("product_id", flat=True))
            if existing:
                added = Case(*(When(product_id=pk, then=Value(counts[pk])) for pk in existing), default=Value(0))
                ProductRecord.objects.filter(product_id__in=existing).update(num_views=F("num_views") + added)
            ProductRecord.objects.bulk_create(
                [ProductRecord(product_id=pk, num_views=n) for pk, n in counts.items() if pk not in existing]
            )
    except Exception:
        for pk, n in counts.items():
            _add(pk, n)
        raise
    return sum(counts.values())
