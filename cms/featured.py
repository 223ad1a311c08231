from catalog.search import service

# rule -> (filters, sort) for the search index
RULES = {
    "chosen": None,
    "newest_5_star": ({"stars": ["5"]}, "newest"),
    "newest": ({}, "newest"),
    "top_rated": ({}, "stars"),
}


def featured_products(rule, chosen_ids, count, province=None):
    """Chosen products first (in the editor's order), then products picked by ``rule`` (from
    ``province``, a legacy GSO code, when given); only listable ones, in a handful of queries
    whatever the size of the catalogue."""
    chosen = list(chosen_ids)[:count]
    spec = RULES.get(rule)
    if not spec or len(chosen) >= count:
        return service.load(chosen)
    filters, sort = spec
    if province:
        filters = {**filters, "province": [province]}
    return service.pick(filters, sort, count, first=chosen)
