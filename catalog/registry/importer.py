"""Importing a whole set of registry records: validate everything, then apply in batches,
all inside one transaction. A bad file writes nothing."""

from django.db import transaction

from .apply import Summary, apply_records
from .records import parse_all

BATCH_RECORDS = 2000


def import_items(items, source="", progress=None):
    """Validate and apply raw registry ``items`` (dicts); return the Summary.

    Raises :class:`~catalog.registry.records.RegistryFileError` (nothing written) when any
    item is invalid. ``progress`` is called with the number of records applied so far.
    """
    records = parse_all(items)
    # Oldest decisions first, so a product's newest certificate is applied last.
    records.sort(key=lambda r: (r.decision_date, r.certificate_code))
    summary = Summary()
    with transaction.atomic():
        for start in range(0, len(records), BATCH_RECORDS):
            batch = records[start : start + BATCH_RECORDS]
            summary.add(apply_records(batch, source))
            if progress:
                progress(len(batch))
        summary.count_not_listable()
    return summary
