from catalog.search.backends import db as index

# rule -> (filters, sort) for the search index
RULES = {
    "chosen": None,
    "newest_5_star": ({"stars": ["5"]}, "newest"),
    "newest": ({}, "newest"),
    "top_rated": ({}, "stars"),
}


def featured_products(rule, chosen_ids, count):
    """Chosen products first (in the editor's order), then products picked by ``rule``; only
    listable ones, in a handful of queries whatever the size of the catalogue."""
    chosen = list(chosen_ids)[:count]
    spec = RULES.get(rule)
    more = (
        index.product_ids(spec[0], spec[1], count - len(chosen), exclude=chosen) if spec and len(chosen) < count else []
    )
    return index.load([*chosen, *more])
