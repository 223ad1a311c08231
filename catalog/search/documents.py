"""What is indexed for each listable product, shared by both search backends."""

from django.db.models import Min, Q
from oscar.core.loading import get_model

from .synonyms import accented_words, words

Product = get_model("catalogue", "Product")


def listable_products(ids=None):
    products = (
        Product.objects.listable()
        .select_related("certificate", "producer__legacy_province", "producer__legacy_district", "group", "subgroup")
        .annotate(
            min_price=Min("stockrecords__price"),
            # Buyable online: priced, and in stock unless its class does not track stock.
            sellable=Min(
                "stockrecords__price", filter=Q(stockrecords__num_in_stock__gt=0) | Q(product_class__track_stock=False)
            ),
        )
    )
    return products.filter(pk__in=ids) if ids is not None else products


def document(product):
    """The indexed values of one listable product (annotated by :func:`listable_products`)."""
    producer = product.producer
    province, district = producer.legacy_province, producer.legacy_district
    places = " ".join(part for unit in (district, province) if unit for part in (unit.name, unit.short_name))
    classification = " ".join(c.name for c in (product.group, product.subgroup) if c)
    searchable = " ".join([product.title, producer.name, places, product.description])
    return {
        "id": product.pk,
        "title": product.title,
        "producer_name": producer.name,
        "places": places,
        "classification": classification,
        "description": product.description,
        "folded_title": _padded(words, product.title),
        "folded_text": _padded(words, searchable),
        "accented_text": _padded(accented_words, searchable),
        "province": province.code if province else "",
        "province_name": province.short_name if province else "",
        "district": district.code if district else "",
        "district_name": district.short_name if district else "",
        "group": product.group.code if product.group else "",
        "subgroup": product.subgroup.code if product.subgroup else "",
        "producer": producer.pk,
        "stars": product.stars,
        "price": product.min_price,
        "buy_online": product.sellable is not None,
        "decision_date": product.certificate.decision_date,
        "valid_until": product.certificate.valid_until,
        "url": product.get_absolute_url(),
    }


def _padded(split, text):
    """Words between single spaces, so that " ong " matches the word and not "long"."""
    return " " + " ".join(split(text)) + " "
