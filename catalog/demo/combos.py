"""Demo gift combos: one a producer composed of its own products, one the province office
composed of three producers' (catalog/combos), each with a picture, a price and boxes in stock."""

from decimal import Decimal

from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from catalog.combos.models import ComboPart
from catalog.combos.parts import combo_class, office

from .images import product_image
from .producers import login_producers

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

OFFICE_COMBO = "Hộp quà Tết đặc sản Bắc Giang"
DESCRIPTION = "<p>{parts}: quà biếu đủ đầy, mỗi sản phẩm đều được chứng nhận OCOP.</p>"


def add_combos(pictures=True):
    """Returns the demo combos (made once; a second load changes nothing)."""
    producer = login_producers()[0]
    own = _sellable(Product.objects.filter(producer=producer))[:2]
    others = []
    for product in _sellable(Product.objects.filter(producer__legacy_province__code="24").exclude(producer=producer)):
        if product.producer_id not in {p.producer_id for p in others}:
            others.append(product)
        if len(others) == 2:
            break
    combos = []
    if len(own) == 2:
        combos.append(_combo(f"Hộp quà {producer.name}", producer, [(own[0], 2), (own[1], 1)], pictures))
    if own and len(others) == 2:
        combos.append(_combo(OFFICE_COMBO, office(), [(own[0], 1), (others[0], 1), (others[1], 1)], pictures))
    return combos


def _sellable(products):
    """Listable products sold online (a price, stock that ships), in a stable order."""
    return list(
        products.listable()
        .filter(stockrecords__num_in_stock__gte=20, product_class__requires_shipping=True)
        .exclude(subgroup__code__startswith="VI")
        .distinct()
        .order_by("pk")
    )


def _combo(title, producer, parts, pictures):
    combo = Product.objects.filter(title=title, is_combo=True).first()
    if combo is not None:
        return combo
    names = ", ".join(f"{quantity} × {product.title}" for product, quantity in parts)
    combo = Product.objects.create(
        title=title,
        description=DESCRIPTION.format(parts=names),
        is_combo=True,
        producer=producer,
        product_class=combo_class(),
        structure=Product.STANDALONE,
    )
    ComboPart.objects.bulk_create([ComboPart(combo=combo, product=p, quantity=q) for p, q in parts])
    total = sum(p.own_stockrecord().price * q for p, q in parts)
    StockRecord.objects.create(
        product=combo,
        partner=producer,
        partner_sku=f"COMBO-{combo.pk}",
        price_currency="VND",
        price=(total * Decimal("0.9") / 1000).quantize(Decimal(1)) * 1000,  # 10% off the parts, whole thousands
        num_in_stock=20,
    )
    if not pictures:
        return combo
    image = ProductImage(product=combo, caption=title, display_order=0)
    image.original.save(f"{combo.slug}.jpg", ContentFile(product_image(title, "I", seed=title)), save=False)
    image.save()
    return combo
