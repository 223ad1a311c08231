"""THE OWNERSHIP RULE — the one place that decides what a signed-in user may see and change.

  * Staff (``is_staff``) reach everything.
  * A producer's user — a user in ``Partner.users`` of an OCOP producer — reaches that
    producer's products through ``Product.producer`` (whether or not they have stock
    records; a variant through its parent), the stock records of those products held by
    that producer, the stock of those products at sales points, the order lines that
    producer fulfils, and the notices about its certificates. Nothing of any other producer.
  * Anyone else — anonymous, inactive, or a customer — reaches nothing.

Registry-owned fields (:data:`REGISTRY_FIELDS`: the certified name, producer, classification,
certificate, …) are the national registry's: the sync overwrites them, so nobody edits them
by hand on a product that came from the registry, and producers never do.

Oscar's dashboard views that producers reach ask here (marketplace/dashboard/); nothing
re-implements these conditions. Oscar's own scoping (``stockrecords__partner__users``) hides
a product without stock from its producer and is not used.
"""

from django.db.models import Q
from oscar.core.loading import get_model

from catalog.certification.models import Notice

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")

#: Product fields that the registry sync writes (catalog/registry/apply.py) or that define
#: the product's place in the catalogue; read-only in the dashboard (see :func:`registry_fields_locked`).
REGISTRY_FIELDS = (
    "title",
    "producer",
    "product_class",
    "categories",
    "group",
    "subgroup",
    "product_code",
    "certificate",
    "stars",
    "upc",
    "structure",
    "parent",
)


def is_staff(user):
    return bool(user and user.is_active and user.is_staff)


def is_producer(user):
    """Whether ``user`` is an active user of some producer (and not staff); asked once per
    request (the dashboard's menu asks for each of its producer entries)."""
    if not (user and user.is_authenticated and user.is_active and not user.is_staff):
        return False
    if getattr(user, "_is_producer", None) is None:
        user._is_producer = producers_of(user).exists()
    return user._is_producer


def producers_of(user):
    """The producers (Oscar partners) whose ``users`` include ``user``; all for staff."""
    if is_staff(user):
        return Partner.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Partner.objects.none()
    return Partner.objects.filter(users=user)


def _owned_q(user, prefix=""):
    producers = producers_of(user).values("pk")
    return Q(**{f"{prefix}producer__in": producers}) | Q(**{f"{prefix}parent__producer__in": producers})


def products_for(user, queryset=None):
    """The products ``user`` may see and change (``queryset`` narrows a given queryset)."""
    queryset = Product.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(_owned_q(user))


def can_edit_product(user, product):
    return product is not None and products_for(user).filter(pk=product.pk).exists()


def registry_fields_locked(user, product):
    """Whether :data:`REGISTRY_FIELDS` are read-only for ``user`` on ``product`` (``None`` when
    creating): always for producers; for staff when the product came from the registry."""
    if not is_staff(user):
        return True
    return bool(product is not None and (product.product_code or product.certificate_id))


def stockrecords_for(user, queryset=None):
    """Stock records of the user's products held by the user's producers."""
    queryset = StockRecord.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(partner__in=producers_of(user).values("pk")).filter(_owned_q(user, "product__"))


def point_stock_for(user, queryset=None):
    """The sales-point stock of the user's products (at any point: a point holds many producers'
    products, and each producer reaches only its own rows)."""
    from marketplace.salespoints.models import PointStock

    queryset = PointStock.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(_owned_q(user, "product__"))


def order_lines_for(user, queryset=None):
    """The order lines the user's producers fulfil (never the rest of those orders)."""
    queryset = Line.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(partner__in=producers_of(user).values("pk"))


def producer_notices_for(user, queryset=None):
    """The notices of the user's producers (marketplace/producers/notices.py)."""
    from .models import ProducerNotice

    queryset = ProducerNotice.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(producer__in=producers_of(user).values("pk"))


def notices_for(user, queryset=None):
    """The certificate notices sent to the user's producers."""
    queryset = Notice.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(certificate__producer__in=producers_of(user).values("pk"))


def stories_for(user, queryset=None):
    """The product stories (cms/stories) told by the user's producers; staff reach every story,
    the province's own (with no producer) included."""
    from cms.stories.models import ProductStoryPage

    queryset = ProductStoryPage.objects.all() if queryset is None else queryset
    if is_staff(user):
        return queryset
    return queryset.filter(producer__in=producers_of(user).values("pk"))
