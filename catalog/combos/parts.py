"""What a combo is made of, for the listing, ordering and search code (no views here)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from .models import ComboPart

Partner = get_model("partner", "Partner")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

#: The partner under which staff compose combos of several producers (created on first use).
OFFICE_CODE = "van-phong-ocop"


def office():
    """The province office's own partner: the composer of the combos staff make."""
    partner, _created = Partner.objects.get_or_create(
        code=OFFICE_CODE, defaults={"name": _("Provincial OCOP office"), "kind": ""}
    )
    return partner


def combo_class():
    """The product class of gift combos (stock tracked, shipped)."""
    product_class, _created = ProductClass.objects.get_or_create(
        slug="hop-qua-ocop", defaults={"name": "Hộp quà OCOP", "requires_shipping": True, "track_stock": True}
    )
    return product_class


def parts_with_records(combo):
    """``[(part, stock record or None)]`` of ``combo``, in order: each part with its producer's
    own online stock record (what an order of the combo is sent from). Two queries, none when the
    combo comes with them (:func:`parts_prefetch`)."""
    if "combo_parts" in getattr(combo, "_prefetched_objects_cache", {}):
        parts = list(combo.combo_parts.all())
    else:
        parts = list(parts_query().filter(combo=combo))
    return [(part, part.product.own_stockrecord()) for part in parts]


def parts_query():
    """Parts with what the listing rule, ordering and pages ask of them."""
    return ComboPart.objects.select_related(
        "product__producer", "product__certificate", "product__product_class"
    ).prefetch_related(Prefetch("product__stockrecords", queryset=StockRecord.objects.order_by("pk")))


def parts_prefetch():
    """``prefetch_related(parts_prefetch())`` brings a combo's parts with it."""
    return Prefetch("combo_parts", parts_query().order_by("pk"))


def short_part(combo, quantity=1):
    """The title of the first part that cannot be sent ``quantity`` times (no online offer, or
    too little stock), or None."""
    for part, record in parts_with_records(combo):
        if record is None or record.price is None:
            return part.product.get_title()
        tracked = part.product.get_product_class().track_stock
        if tracked and (record.net_stock_level or 0) < part.quantity * quantity:
            return part.product.get_title()
    return None


def shares(total, weights):
    """``total`` (whole đồng) split in proportion to ``weights``, each share whole, the last one
    taking what rounding left: the shares add up to ``total`` exactly."""
    weights = [max(w, 0) for w in weights]
    whole = sum(weights)
    if not whole:
        weights, whole = [1] * len(weights), len(weights)
    result = [(total * w // whole) for w in weights[:-1]]
    return [*result, total - sum(result)]


def combos_holding(product_ids):
    """Ids of the combos that hold any of ``product_ids`` (to re-index them with their parts)."""
    return set(ComboPart.objects.filter(product_id__in=list(product_ids)).values_list("combo_id", flat=True))
