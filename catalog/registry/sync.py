"""The registry sync: pages of certificates applied one transaction at a time, safely.

* Each page is validated whole and applied in its own transaction together with the
  watermark (``SyncState``), so an interrupted sync resumes after the last committed page
  and no certificate is ever half-updated.
* Records that would delist a listed product are held back until the whole answer has
  been read. Then, if they would delist more than ``REGISTRY_MAX_DELIST_SHARE`` of the listed
  products, or the answer was cut short (an error, or fewer or more records than its ``count``
  announced), nothing is delisted: the run is recorded as held or failed, staff are alerted,
  and the watermark stays before the held records so they come again.
  ``force=True`` (``sync_registry --force``) applies them after review.
* A run always ends recorded (``SyncRun``: source, times, counts, outcome, anomaly), whatever
  goes wrong while it runs.
"""

import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.certification.notices import alert_staff, notify_delisted
from catalog.signals import listing_changed

from .apply import Summary, apply_records
from .client import RegistryError
from .models import SyncRun, SyncState
from .records import RegistryFileError, parse_all, read_file
from .tabular import read_table

log = logging.getLogger(__name__)
Product = get_model("catalogue", "Product")


class HttpSource:
    """The registry's JSON API, read incrementally from the stored watermark."""

    all_or_nothing = False
    incremental = True

    def __init__(self, client):
        self.client = client
        self.name = client.base_url

    def pages(self, since):
        for page in self.client.pages(since):
            yield page.results, page.count


class FileSource:
    """A registry export or provincial list: applied whole or not at all."""

    all_or_nothing = True
    incremental = False
    chunk = 2000

    def __init__(self, path, items):
        self.name = f"file:{path}"
        self.items = items

    @classmethod
    def read(cls, path):
        """The file's records: a JSON export, or a province's .xlsx/.csv list. Raises
        RegistryFileError listing every problem."""
        reader = read_table if Path(path).suffix.lower() in (".xlsx", ".csv") else read_file
        return cls(path, reader(path))

    def pages(self, since):
        for start in range(0, len(self.items), self.chunk):
            yield self.items[start : start + self.chunk], len(self.items)


@dataclass
class _Progress:
    summary: Summary = field(default_factory=Summary)
    held: list = field(default_factory=list)
    held_products: set = field(default_factory=set)
    hold_from: object = None  # the earliest updated_at among held records
    watermark: object = None
    records: int = 0


def run_sync(source, *, full=False, dry_run=False, force=False, triggered_by="", progress=None):
    """Sync from ``source``; returns the recorded :class:`SyncRun`, which has always ended."""
    state, _ = SyncState.objects.get_or_create(source=source.name)
    since = state.watermark if source.incremental and not full else None
    run = SyncRun.objects.create(
        source=source.name,
        full=since is None,
        dry_run=dry_run,
        forced=force,
        triggered_by=triggered_by,
        watermark_before=since,
    )
    listed_before = set(_listed_ids())
    sync = _Progress(watermark=since)
    keep_watermark = source.incremental and not dry_run
    # Pages commit one by one, except for a dry run or an all-or-nothing file (one transaction).
    whole = transaction.atomic() if dry_run or source.all_or_nothing else nullcontext()
    try:
        with whole:
            announced = None
            for items, total in source.pages(since):
                _apply_page(items, sync, run, force, keep_watermark, source.name)
                announced = total if total is not None else announced
                if progress:
                    progress(total=total, advance=len(items))
            if announced is not None and announced != sync.records:
                raise RegistryError(
                    f"the answer is incomplete: the registry announced {announced} certificates and sent {sync.records}"
                )
            if sync.records == 0 and since is None:
                raise RegistryError("the registry answered with no certificates at all")
            _decide_on_held(sync, run, len(listed_before), force, keep_watermark, source.name)
            if dry_run:
                transaction.set_rollback(True)
    except (RegistryError, RegistryFileError) as problem:
        _fail(run, sync, str(problem), source, dry_run)
    except Exception as problem:  # a bug, the database: still a failed run, recorded and alerted
        log.exception("Registry sync %s stopped on an unexpected error", run.pk)
        _fail(run, sync, f"unexpected error, {type(problem).__name__}: {problem}", source, dry_run)
    except BaseException:  # interrupted (Ctrl-C, the worker stopping): recorded, then let go
        _fail(run, sync, "interrupted", source, dry_run)
        raise
    finally:
        _finish(run, sync, listed_before, dry_run)
    return run


def _fail(run, sync, problem, source, dry_run):
    run.outcome = SyncRun.Outcome.FAILED
    kept = (
        "its changes were rolled back"
        if source.all_or_nothing or dry_run
        else f"{sync.records} records applied before it were kept"
    )
    held = f"; {len(sync.held_products)} delistings were held back" if sync.held_products else ""
    run.anomaly = f"{problem} ({kept}{held})."


def _apply_page(items, sync, run, force, keep_watermark, name):
    """Apply one page in one transaction, with the watermark; hold back delistings unless forced."""
    records = parse_all(items)
    records.sort(key=lambda r: (r.decision_date, r.certificate_code))
    codes = {r.product_code for r in records}
    source = f"sync:{run.pk}"
    with transaction.atomic():
        listed = set(_listed_ids(product_code__in=codes))
        point = transaction.savepoint()
        summary = apply_records(records, source)
        delisted = listed - set(_listed_ids(product_code__in=codes))
        if delisted and not force:
            transaction.savepoint_rollback(point)
            held_codes = set(Product.objects.filter(pk__in=delisted).values_list("product_code", flat=True))
            summary = apply_records([r for r in records if r.product_code not in held_codes], source)
            _hold(sync, [r for r in records if r.product_code in held_codes], delisted)
        else:
            transaction.savepoint_commit(point)
        latest = max((r.updated_at for r in records if r.updated_at), default=None)
        if latest and (sync.watermark is None or latest > sync.watermark):
            sync.watermark = latest
        if keep_watermark:
            _save_watermark(name, sync)
    sync.summary.add(summary)
    sync.records += len(records)
    run.pages += 1


def _hold(sync, records, products):
    sync.held.extend(records)
    sync.held_products |= products
    earliest = min((r.updated_at for r in records if r.updated_at), default=None)
    if earliest and (sync.hold_from is None or earliest < sync.hold_from):
        sync.hold_from = earliest


def _save_watermark(name, sync):
    mark = sync.watermark
    if sync.hold_from is not None and (mark is None or sync.hold_from < mark):
        mark = sync.hold_from  # inclusive: the held records come again next time
    SyncState.objects.filter(source=name).update(watermark=mark, updated_at=timezone.now())


def _decide_on_held(sync, run, listed_count, force, keep_watermark, name):
    if not sync.held:
        return
    share = len(sync.held_products) / max(1, listed_count)
    limit = settings.REGISTRY_MAX_DELIST_SHARE
    if share > limit and not force:
        run.outcome = SyncRun.Outcome.HELD
        run.anomaly = (
            f"This sync would delist {len(sync.held_products)} of {listed_count} listed products "
            f"({share:.0%}), more than the {limit:.0%} allowed; nothing was delisted. Review the changes, "
            f"then run `manage.py sync_registry --force` to apply them."
        )
        return
    with transaction.atomic():
        sync.summary.add(apply_records(sync.held, f"sync:{run.pk}"))
        sync.held, sync.held_products, sync.hold_from = [], set(), None
        if keep_watermark:
            _save_watermark(name, sync)


def _finish(run, sync, listed_before, dry_run):
    """Record how the run ended, then tell whoever must know. The record comes first: a
    failing mail server must not leave a run "running"."""
    listed_after = listed_before if dry_run else set(_listed_ids())
    delisted = listed_before - listed_after
    listed = listed_after - listed_before
    new = listed & sync.summary.created_product_ids
    counts = {key: sync.summary.certificates[key] for key in ("created", "updated", "unchanged")}
    counts.update(
        records=sync.records,
        delisted=len(delisted),
        relisted=len(listed - new),  # products we already had, back in the listing
        newly_listed=len(new),
        held=len(sync.held_products),
        products_created=sync.summary.products["created"],
        producers_created=sync.summary.producers["created"],
    )
    run.counts = counts
    if run.outcome == SyncRun.Outcome.RUNNING:
        run.outcome = SyncRun.Outcome.DRY_RUN if dry_run else SyncRun.Outcome.SUCCEEDED
    run.watermark_after = SyncState.objects.filter(source=run.source).values_list("watermark", flat=True).first()
    run.finished_at = timezone.now()
    run.save()
    log.info("Registry sync %s: %s %s", run.pk, run.outcome, counts)
    try:
        if delisted or listed:
            # Each of them was in its page's products_changed (its certificate changed).
            listing_changed.send(sender=SyncRun, product_ids=delisted | listed, run=run, announced=True)
        if delisted:
            notify_delisted(delisted)
        if run.needs_attention:
            alert_staff(run)
    except Exception as problem:
        log.exception("Registry sync %s: its notices could not all be sent", run.pk)
        run.message = f"Notices not all sent: {type(problem).__name__}: {problem}"
        run.save(update_fields=["message"])


def _listed_ids(**filters):
    return Product.objects.listable().filter(**filters).values_list("pk", flat=True)
