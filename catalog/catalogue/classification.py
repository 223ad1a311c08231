"""The product classification of Decision 148/QĐ-TTg (Annex I): six groups, their nhóm and
phân nhóm, as catalogue categories. Codes such as ``I.2.b`` are the categories' ``code``.

Fulfilment follows the category: tourism services ship nothing, live plants and animals
and fresh food are collected or delivered locally only, everything else ships.
A node without its own fulfilment takes its parent's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fulfilment(models.TextChoices):
    SHIP = "ship", _("Delivered anywhere")
    LOCAL = "local", _("Pickup or local delivery only")
    SERVICE = "service", _("Service: nothing to ship")


# (code, Vietnamese name, English name, fulfilment or None to inherit)
CLASSIFICATION = [
    ("I", "Thực phẩm", "Food", Fulfilment.SHIP),
    ("I.1", "Thực phẩm tươi sống", "Fresh food", Fulfilment.LOCAL),
    ("I.1.a", "Rau, củ, quả, hạt tươi", "Fresh vegetables, tubers, fruit, nuts", None),
    ("I.1.b", "Thịt, thủy sản, trứng, sữa tươi", "Fresh meat, seafood, eggs, milk", None),
    ("I.2", "Thực phẩm thô, sơ chế", "Raw or pre-processed food", None),
    ("I.2.a", "Gạo, ngũ cốc, hạt", "Rice, cereals, grains", None),
    ("I.2.b", "Mật ong, các loại mật khác, nông sản thô/sơ chế khác", "Honey, other syrups, other raw produce", None),
    ("I.3", "Thực phẩm chế biến", "Processed food", None),
    ("I.3.a", "Đồ ăn nhanh", "Fast food", None),
    ("I.3.b", "Chế biến từ gạo, ngũ cốc", "Made from rice and cereals", None),
    ("I.3.c", "Chế biến từ rau, củ, quả, hạt", "Made from vegetables, fruit, nuts", None),
    ("I.3.d", "Chế biến từ thịt, trứng, sữa, thủy sản, mật ong", "Made from meat, eggs, milk, seafood, honey", None),
    ("I.4", "Gia vị", "Seasonings", None),
    ("I.4.a", "Tương, nước mắm, gia vị dạng lỏng", "Sauces, fish sauce, liquid seasonings", None),
    ("I.4.b", "Gia vị khác", "Other seasonings", None),
    ("I.5", "Chè", "Tea", None),
    ("I.5.a", "Chè tươi, chè chế biến", "Fresh and processed tea", None),
    ("I.5.b", "Sản phẩm từ chè và thực vật khác", "Infusions of other plants", None),
    ("I.6", "Cà phê, ca cao", "Coffee, cocoa", None),
    ("II", "Đồ uống", "Beverages", Fulfilment.SHIP),
    ("II.1", "Đồ uống có cồn", "Alcoholic beverages", None),
    ("II.1.a", "Rượu trắng", "White rice spirit", None),
    ("II.1.b", "Đồ uống có cồn khác", "Other alcoholic beverages", None),
    ("II.2", "Đồ uống không cồn", "Non-alcoholic beverages", None),
    ("II.2.a", "Nước khoáng, nước uống đóng chai", "Mineral and bottled water", None),
    ("II.2.b", "Đồ uống không cồn khác", "Other non-alcoholic beverages", None),
    ("III", "Dược liệu và sản phẩm từ dược liệu", "Herbal products", Fulfilment.SHIP),
    (
        "III.1",
        "Thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền",
        "Functional foods, herbal and traditional medicines",
        None,
    ),
    ("III.2", "Mỹ phẩm có thành phần từ dược liệu", "Herbal cosmetics", None),
    ("III.3", "Tinh dầu và dược liệu khác", "Essential oils and other herbs", None),
    ("IV", "Thủ công mỹ nghệ", "Handicrafts", Fulfilment.SHIP),
    ("IV.1", "Thủ công mỹ nghệ gia dụng, trang trí", "Household and decorative handicrafts", None),
    ("IV.2", "Vải, may mặc", "Textiles and garments", None),
    ("V", "Sinh vật cảnh", "Ornamental plants and animals", Fulfilment.LOCAL),
    ("V.1", "Hoa", "Flowers", None),
    ("V.2", "Cây cảnh", "Ornamental plants", None),
    ("V.3", "Động vật cảnh", "Ornamental animals", None),
    (
        "VI",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community and eco-tourism services, tourist sites",
        Fulfilment.SERVICE,
    ),
]

# Oscar needs a product class per product; ours say how a product is fulfilled.
PRODUCT_CLASSES = {
    Fulfilment.SHIP: ("Hàng hoá", True, True),  # name, requires_shipping, track_stock
    Fulfilment.LOCAL: ("Hàng tươi sống, sinh vật cảnh", True, True),
    Fulfilment.SERVICE: ("Dịch vụ du lịch", False, False),
}


#: The six groups' codes, in the decision's order (I–VI).
GROUP_CODES = [code for code, _vi, _en, _f in CLASSIFICATION if "." not in code]


def group_order(code):
    """A sort key putting groups in the decision's order ("IV" before "V"), anything else last."""
    return GROUP_CODES.index(code) if code in GROUP_CODES else len(GROUP_CODES)


def parent_code(code):
    return code.rsplit(".", 1)[0] if "." in code else None


def resolved_fulfilment(code):
    by_code = {c: f for c, _vi, _en, f in CLASSIFICATION}
    while code and by_code.get(code) is None:
        code = parent_code(code)
    return by_code.get(code, Fulfilment.SHIP)


def ensure_classification(**kwargs):
    """Create or update the categories and product classes (idempotent; runs after migrate)."""
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    ProductClass = get_model("catalogue", "ProductClass")
    for fulfilment, (name, requires_shipping, track_stock) in PRODUCT_CLASSES.items():
        ProductClass.objects.update_or_create(
            slug=fulfilment.value,
            defaults={"name": name, "requires_shipping": requires_shipping, "track_stock": track_stock},
        )
    existing = {c.code: c for c in Category.objects.filter(code__in=[row[0] for row in CLASSIFICATION])}
    for code, name, name_en, _fulfilment in CLASSIFICATION:
        fields = {"name": name, "name_en": name_en, "fulfilment": resolved_fulfilment(code)}
        category = existing.get(code)
        if category is None:
            parent = existing.get(parent_code(code))
            create = parent.add_child if parent else Category.add_root
            existing[code] = create(code=code, is_public=True, **fields)
        elif any(getattr(category, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(category, k, v)
            category.save()


def category_for_code(code, categories_by_code):
    """The most specific known category for ``code`` ("I.2.b", "I.2", "i.2.B " …)."""
    code = (code or "").strip()
    parts = code.split(".")
    if parts:
        parts[0] = parts[0].upper()
    code = ".".join(p.lower() if i == 2 else p for i, p in enumerate(parts))
    while code and code not in categories_by_code:
        code = parent_code(code)
    return categories_by_code.get(code) if code else None
