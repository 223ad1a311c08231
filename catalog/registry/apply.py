"""Applying validated registry records to producers, products and certificates.

Idempotent (the same records twice change nothing), in bulk (a constant number of queries
per batch, so 20,000 certificates take seconds), and recorded: every new certificate and
every change to one leaves a :class:`CertificateEvent`. The caller owns the transaction.
Whoever keeps derived data (the search index) hears of the changed products through the
``products_changed`` signal.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from oscar.core.loading import get_model

from catalog.catalogue.classification import category_for_code
from catalog.certification.models import Certificate, CertificateEvent, default_valid_until
from catalog.signals import products_changed
from marketplace.adminunits.resolve import UnitIndex
from marketplace.bulkwrite import bulk_update
from marketplace.text import vn_slugify

from .records import RegistryFileError

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")

BATCH = 1000
CERTIFICATE_FIELDS = [
    "product_id",
    "producer_id",
    "product_name",
    "category_code",
    "stars",
    "level",
    "decision_number",
    "decision_date",
    "valid_until",
    "status",
    "status_reason",
    "status_changed_at",
    "registry_updated_at",
    "raw",
]
# Changes to these are bookkeeping, not news: they do not make an "updated" history entry.
QUIET_FIELDS = {"raw", "registry_updated_at"}
PRODUCER_FIELDS = [
    "name",
    "kind",
    "tax_code",
    "address",
    "phone",
    "email",
    "legacy_province_id",
    "legacy_district_id",
    "legacy_ward_id",
    "province_id",
    "commune_id",
]
PRODUCT_FIELDS = ["title", "producer_id", "group_id", "subgroup_id", "product_class_id", "certificate_id", "stars"]


@dataclass
class Summary:
    certificates: Counter = field(default_factory=Counter)  # created / updated / unchanged
    producers: Counter = field(default_factory=Counter)
    products: Counter = field(default_factory=Counter)
    created_product_ids: set = field(default_factory=set, repr=False)
    changed_product_ids: set = field(default_factory=set, repr=False)  # what the search index must see

    def add(self, other):
        self.certificates += other.certificates
        self.producers += other.producers
        self.products += other.products
        self.created_product_ids |= other.created_product_ids
        self.changed_product_ids |= other.changed_product_ids


def apply_records(records, source=""):
    """Apply a batch of ``records`` (from :func:`catalog.registry.records.parse_all`); return
    its Summary. Raises RegistryFileError, before writing anything, for a record whose dates
    the site cannot hold."""
    records = _latest_per_certificate(records)
    valid_until = _valid_until(records)
    summary = Summary()
    producers, changed_producers = _upsert_producers(records, summary)
    products, created, updated = _upsert_products(records, producers)
    certified = _upsert_certificates(records, valid_until, producers, products, source, summary)
    updated |= _point_products_at_current_certificates(products) - created
    summary.products.update(
        created=len(created), updated=len(updated), unchanged=len(products) - len(created | updated)
    )
    summary.created_product_ids = created
    summary.changed_product_ids = (
        created | updated | certified | {p.pk for p in products.values() if p.producer_id in changed_producers}
    )
    if summary.changed_product_ids:
        products_changed.send(sender=Product, product_ids=summary.changed_product_ids)
    return summary


def _latest_per_certificate(records):
    """Keep one record per certificate code: the last one (records come in update order)."""
    return list({r.certificate_code: r for r in records}.values())


def _valid_until(records):
    """Each certificate's last valid day (36 months after the decision unless the record says),
    after checking that every date of the records can be stored and computed with: a date such
    as 9999-12-31 must stop the batch with the record named, not crash it."""
    errors, valid_until = [], {}
    for r in records:
        where = f"certificate {r.certificate_code}"
        try:
            valid_until[r.certificate_code] = r.valid_until or default_valid_until(r.decision_date)
        except (ValueError, OverflowError):
            valid_until[r.certificate_code] = None
        if valid_until[r.certificate_code] is None:
            errors.append(
                f"{where}, field 'valid_until': missing, and 36 months after the decision "
                f"({r.decision_date.isoformat()}) is past the last date the site can hold"
            )
        for name in ("status_changed_at", "updated_at"):
            moment = getattr(r, name)
            try:
                moment and moment.astimezone(datetime.UTC)
            except (ValueError, OverflowError):
                errors.append(f"{where}, field '{name}': {moment.isoformat()} is past the last time the site can hold")
    if errors:
        raise RegistryFileError(errors)
    return valid_until


def _set_changed(obj, values):
    """Set ``values`` on ``obj``; return the names of the fields whose value changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def _upsert_producers(records, summary):
    latest = {r.producer.code: r.producer for r in records}
    existing = {p.registry_code: p for p in Partner.objects.filter(registry_code__in=latest)}
    taken_slugs = set(Partner.objects.values_list("code", flat=True))
    units = UnitIndex()
    new, changed = [], []
    for code, record in latest.items():
        values = {
            "name": record.name,
            "kind": record.kind,
            "tax_code": record.tax_code,
            "address": record.address,
            "phone": record.phone,
            "email": record.email,
            **units.resolve(record.province_code, record.district_code, record.ward_code, record.address),
        }
        producer = existing.get(code)
        if producer is None:
            producer = Partner(registry_code=code, code=_unique_slug(record.name, taken_slugs), **values)
            new.append(producer)
            existing[code] = producer
        elif _set_changed(producer, values):
            changed.append(producer)
    Partner.objects.bulk_create(new, batch_size=BATCH)
    bulk_update(changed, PRODUCER_FIELDS, batch_size=BATCH)
    summary.producers.update(created=len(new), updated=len(changed), unchanged=len(latest) - len(new) - len(changed))
    return existing, {p.pk for p in changed}


def _unique_slug(name, taken):
    base = vn_slugify(name)[:120] or "chu-the"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


class _Classifier:
    def __init__(self):
        self.categories = {c.code: c for c in Category.objects.filter(code__isnull=False)}
        self.classes = {pc.slug: pc for pc in ProductClass.objects.all()}
        self.default_class = self.classes.get("ship") or ProductClass.objects.first()

    def values(self, category_code):
        subgroup = category_for_code(category_code, self.categories)
        group = self.categories.get(subgroup.code.split(".")[0]) if subgroup else None
        product_class = self.classes.get(subgroup.fulfilment) if subgroup else None
        return {
            "group_id": group.pk if group else None,
            "subgroup_id": subgroup.pk if subgroup else None,
            "product_class_id": (product_class or self.default_class).pk,
        }


def _upsert_products(records, producers):
    """One product per product code; its details follow its newest certificate in the file."""
    newest = {}
    for r in sorted(records, key=lambda r: (r.decision_date, r.certificate_code)):
        newest[r.product_code] = r
    existing = {p.product_code: p for p in Product.objects.filter(product_code__in=newest)}
    classifier = _Classifier()
    new, changed, recategorised = [], [], []
    for code, record in newest.items():
        values = {
            "title": record.product_name,
            "producer_id": producers[record.producer.code].pk,
            **classifier.values(record.category_code),
        }
        product = existing.get(code)
        if product is None:
            product = Product(product_code=code, slug=vn_slugify(record.product_name)[:255] or "san-pham", **values)
            new.append(product)
            existing[code] = product
        else:
            fields = _set_changed(product, values)
            if fields:
                changed.append(product)
            if "subgroup_id" in fields:
                recategorised.append(product)
    Product.objects.bulk_create(new, batch_size=BATCH)
    _save_products(changed)
    _link_categories(new, recategorised)
    return existing, {p.pk for p in new}, {p.pk for p in changed}


def _save_products(products, fields=PRODUCT_FIELDS):
    """Write ``fields`` of ``products`` (the cost grows with products × fields)."""
    now = timezone.now()
    for product in products:
        product.date_updated = now
    bulk_update(products, [*fields, "date_updated"], batch_size=BATCH)


def _link_categories(new, recategorised):
    """Keep Oscar's product-category link on the product's classification."""
    ProductCategory.objects.filter(product__in=recategorised).delete()
    links = [ProductCategory(product=p, category_id=p.subgroup_id) for p in [*new, *recategorised] if p.subgroup_id]
    ProductCategory.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)


def _upsert_certificates(records, valid_until, producers, products, source, summary):
    existing = Certificate.objects.in_bulk([r.certificate_code for r in records], field_name="code")
    new, changed, events = [], [], []
    for record in records:
        values = {
            "product_id": products[record.product_code].pk,
            "producer_id": producers[record.producer.code].pk,
            "product_name": record.product_name,
            "category_code": record.category_code,
            "stars": record.stars,
            "level": record.level,
            "decision_number": record.decision_number,
            "decision_date": record.decision_date,
            "valid_until": valid_until[record.certificate_code],
            "status": record.status,
            "status_reason": record.status_reason,
            "status_changed_at": record.status_changed_at,
            "registry_updated_at": record.updated_at,
            "raw": record.raw,
        }
        certificate = existing.get(record.certificate_code)
        if certificate is None:
            certificate = Certificate(code=record.certificate_code, **values)
            new.append(certificate)
            continue
        before = {name: getattr(certificate, name) for name in values}
        fields = _set_changed(certificate, values)
        if fields:
            changed.append(certificate)
            events.extend(_change_events(certificate, before, fields, source))
    Certificate.objects.bulk_create(new, batch_size=BATCH)
    now = timezone.now()
    for certificate in changed:
        certificate.date_updated = now
    bulk_update(changed, [*CERTIFICATE_FIELDS, "date_updated"], batch_size=BATCH)
    events.extend(
        CertificateEvent(
            certificate=c,
            kind=CertificateEvent.Kind.RECORDED,
            new_status=c.status,
            reason=c.status_reason,
            source=source,
            happened_at=c.status_changed_at or now,
        )
        for c in new
    )
    CertificateEvent.objects.bulk_create(events, batch_size=BATCH)
    summary.certificates.update(
        created=len(new), updated=len(changed), unchanged=len(records) - len(new) - len(changed)
    )
    return {c.product_id for c in [*new, *changed]}


def _change_events(certificate, before, fields, source):
    if "status" in fields:
        yield CertificateEvent(
            certificate=certificate,
            kind=CertificateEvent.Kind.STATUS,
            old_status=before["status"],
            new_status=certificate.status,
            reason=certificate.status_reason,
            source=source,
            happened_at=certificate.status_changed_at or timezone.now(),
        )
    details = {
        name: [_jsonable(before[name]), _jsonable(getattr(certificate, name))]
        for name in fields
        if name not in QUIET_FIELDS and name not in ("status", "status_reason", "status_changed_at")
    }
    if details:
        yield CertificateEvent(
            certificate=certificate, kind=CertificateEvent.Kind.UPDATED, changes=details, source=source
        )


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _point_products_at_current_certificates(products):
    """A product's current certificate is its newest one (by decision date); its stars follow.
    Returns the ids of the products that changed."""
    current = {}
    for certificate_id, product_id, stars in (
        Certificate.objects.filter(product__in=products.values())
        .order_by("product_id", "decision_date", "pk")
        .values_list("pk", "product_id", "stars")
    ):
        current[product_id] = (certificate_id, stars)
    changed = [
        p
        for p in products.values()
        if _set_changed(p, dict(zip(("certificate_id", "stars"), current[p.pk], strict=True)))
    ]
    _save_products(changed, fields=("certificate_id", "stars"))
    return {p.pk for p in changed}
