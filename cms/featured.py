from catalog.search import service

# rule -> (filters, sort) for the search index
RULES = {
    "chosen": None,
    "newest_5_star": ({"stars": ["5"]}, "newest"),
    "newest": ({}, "newest"),
    "top_rated": ({}, "stars"),
}


def featured_ids(rule, chosen_ids, count, province=None):
    """The ids of the products a featured block shows: chosen ones first (in the editor's order),
    then those picked by ``rule`` (from ``province``, a legacy GSO code, when given), without a
    query once the pick is cached; the block loads them through the listing rule."""
    chosen = list(chosen_ids)[:count]
    spec = RULES.get(rule)
    if not spec or len(chosen) >= count:
        return chosen
    filters, sort = spec
    if province:
        filters = {**filters, "province": [province]}
    return service.pick_ids(filters, sort, count, first=chosen)
