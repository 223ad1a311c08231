from django.dispatch import Signal

#: Sent when products enter or leave the listing outside a request — a registry sync, or
#: certificates expiring overnight — with ``product_ids``. Search indexes and caches listen.
#: ``announced=True`` says every one of them was already sent in ``products_changed`` (the
#: registry sync's pages): what keeps per-product data (the search index) has it already.
listing_changed = Signal()

#: Sent, inside the transaction, when what is known about products changed in bulk (a registry
#: sync writes with bulk_create/bulk_update, which send no model signals), with ``product_ids``.
#: The search index listens; the sender need not know it exists.
products_changed = Signal()
