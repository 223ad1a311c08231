from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

RULE_FILTERS = {
    "chosen": None,
    "newest_5_star": ({"stars": 5}, ["-certificate__decision_date", "-pk"]),
    "newest": ({}, ["-certificate__decision_date", "-pk"]),
    "top_rated": ({}, ["-stars", "-certificate__decision_date", "-pk"]),
}


def featured_products(rule, chosen_ids, count):
    """Chosen products first (in the editor's order), then products picked by ``rule``;
    only listable ones, in at most three queries (products, images, stock records)."""
    listable = Product.objects.listable().for_cards()
    chosen = {p.pk: p for p in listable.filter(pk__in=chosen_ids)} if chosen_ids else {}
    products = [chosen[pk] for pk in chosen_ids if pk in chosen][:count]
    spec = RULE_FILTERS.get(rule)
    if spec and len(products) < count:
        filters, ordering = spec
        more = listable.filter(**filters).exclude(pk__in=chosen).order_by(*ordering)[: count - len(products)]
        products += list(more)
    return products
