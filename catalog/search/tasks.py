"""Background work of the search app: keeping Elasticsearch current after the database changed
(queued by :func:`catalog.search.index.index_products` once the transaction has committed)."""

import logging

from celery import shared_task
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import ConnectionTimeout

from .backends import es

log = logging.getLogger(__name__)
UNREACHABLE = (ESConnectionError, ConnectionTimeout)


@shared_task(
    bind=True,
    autoretry_for=UNREACHABLE,
    max_retries=5,
    retry_backoff=5,  # about 5 s, 10 s, 20 s … (jittered), at most 5 minutes apart
    retry_backoff_max=300,
    retry_jitter=True,
    ignore_result=True,
)
def update_elasticsearch(self, ids):
    """Re-index products ``ids`` (the listable ones indexed, the others removed); returns how many.

    A worker retries while Elasticsearch is unreachable. Run inline (no broker), there is no one
    to retry later, and the change is already committed and in the database search documents:
    the failure is logged rather than turned into an error page for whoever saved the product."""
    if not self.request.is_eager:
        return es.update(ids)
    try:
        return es.update(ids)
    except UNREACHABLE:
        log.exception(
            "Elasticsearch unreachable: %d product(s) not re-indexed (run `manage.py search_index --rebuild`)",
            len(ids),
        )
        return None
