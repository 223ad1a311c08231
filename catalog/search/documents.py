"""What is indexed for each listable product, shared by both search backends.

Documents are built from one ``values()`` query per batch (no model instances: a full registry
sync indexes 20,000 products, and seven model instances each cost more than the folding)."""

from django.db.models import Min, Q
from django.urls import reverse
from oscar.core.loading import get_model

from .synonyms import accented_words, words

Product = get_model("catalogue", "Product")

_PLACE = ("code", "name", "short_name")
_FIELDS = (
    "pk",
    "title",
    "slug",
    "description",
    "stars",
    "producer_id",
    "producer__name",
    *(f"producer__legacy_province__{f}" for f in _PLACE),
    *(f"producer__legacy_district__{f}" for f in _PLACE),
    "group__code",
    "group__name",
    "subgroup__code",
    "subgroup__name",
    "certificate__decision_date",
    "certificate__valid_until",
    "min_price",
    "sellable",
)


def listable_products(ids=None):
    """Listable products (``ids`` of them when given), with their lowest price and whether they
    can be bought online."""
    products = Product.objects.listable().annotate(
        min_price=Min("stockrecords__price"),
        # Buyable online: priced, and in stock unless its class does not track stock.
        sellable=Min(
            "stockrecords__price", filter=Q(stockrecords__num_in_stock__gt=0) | Q(product_class__track_stock=False)
        ),
    )
    return products.filter(pk__in=ids) if ids is not None else products


def documents(ids=None):
    """The documents of the listable products among ``ids`` (all when None), in primary key order."""
    return [document(row) for row in listable_products(ids).order_by("pk").values(*_FIELDS)]


def document(row):
    """The indexed values of one listable product, from a row of :func:`documents`' query."""
    province, district = _place(row, "province"), _place(row, "district")
    places = " ".join(part for unit in (district, province) if unit for part in (unit["name"], unit["short_name"]))
    classification = " ".join(row[f"{c}__name"] for c in ("group", "subgroup") if row[f"{c}__code"])
    title, producer_name, description = row["title"], row["producer__name"], row["description"]
    searchable = " ".join([title, producer_name, places, description])
    return {
        "id": row["pk"],
        "title": title,
        "producer_name": producer_name,
        "places": places,
        "classification": classification,
        "description": description,
        "folded_title": _padded(words, title),
        "folded_text": _padded(words, searchable),
        "accented_text": _padded(accented_words, searchable),
        "province": province["code"] if province else "",
        "province_name": province["short_name"] if province else "",
        "district": district["code"] if district else "",
        "district_name": district["short_name"] if district else "",
        "group": row["group__code"] or "",
        "subgroup": row["subgroup__code"] or "",
        "producer": row["producer_id"],
        "stars": row["stars"],
        "price": row["min_price"],
        "buy_online": row["sellable"] is not None,
        "decision_date": row["certificate__decision_date"],
        "valid_until": row["certificate__valid_until"],
        "url": reverse("catalogue:detail", kwargs={"product_slug": row["slug"], "pk": row["pk"]}),
    }


def _place(row, level):
    prefix = f"producer__legacy_{level}__"
    if row[prefix + "code"] is None:
        return None
    return {field: row[prefix + field] for field in _PLACE}


def _padded(split, text):
    """Words between single spaces, so that " ong " matches the word and not "long"."""
    return " " + " ".join(split(text)) + " "
