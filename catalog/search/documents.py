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
    "is_combo",
    "date_created",
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
    rows = list(listable_products(ids).order_by("pk").values(*_FIELDS))
    parts = _combo_parts([row["pk"] for row in rows if row["is_combo"]])
    return [document(row, parts.get(row["pk"])) for row in rows]


def _combo_parts(combo_ids):
    """{combo id: [its parts' rows]} in one query (none when there are no combos)."""
    if not combo_ids:
        return {}
    from catalog.combos.models import ComboPart

    found = {}
    for part in (
        ComboPart.objects.filter(combo_id__in=combo_ids)
        .order_by("pk")
        .values(
            "combo_id",
            "product__title",
            "product__producer__name",
            "product__stars",
            "product__certificate__valid_until",
        )
    ):
        found.setdefault(part["combo_id"], []).append(part)
    return found


def document(row, parts=None):
    """The indexed values of one listable product, from a row of :func:`documents`' query; a
    gift combo's ``parts`` give it their names to be found by, their fewest stars and their
    earliest last valid day (a combo leaves the results the day its first part expires)."""
    province, district = _place(row, "province"), _place(row, "district")
    places = " ".join(part for unit in (district, province) if unit for part in (unit["name"], unit["short_name"]))
    classification = " ".join(row[f"{c}__name"] for c in ("group", "subgroup") if row[f"{c}__code"])
    title, producer_name, description = row["title"], row["producer__name"], row["description"]
    searchable = " ".join([title, producer_name, places, description])
    stars, decision_date, valid_until = row["stars"], row["certificate__decision_date"], row["certificate__valid_until"]
    if row["is_combo"]:  # found by what is in it, and who made that
        parts = parts or []
        description = " ".join([description, *(f"{p['product__title']} {p['product__producer__name']}" for p in parts)])
        searchable = " ".join([title, producer_name, places, description])
        stars = min((p["product__stars"] or 0 for p in parts), default=None)
        valid_until = min((p["product__certificate__valid_until"] for p in parts), default=None)
        decision_date = row["date_created"].date() if row["date_created"] else None
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
        "stars": stars,
        "price": row["min_price"],
        "buy_online": row["sellable"] is not None,
        "combo": row["is_combo"],
        "decision_date": decision_date,
        "valid_until": valid_until,
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
