from django.dispatch import Signal

#: Sent when products enter or leave the listing outside a request — a registry sync, or
#: certificates expiring overnight — with ``product_ids``. Search indexes and caches listen.
listing_changed = Signal()
