"""Search in the database (a :class:`..query.SearchBackend`): SearchDocument rows hold the folded
text and facet values of listable products. PostgreSQL ranks with full-text search and tolerates
typos with trigram similarity; SQLite matches words and word prefixes."""

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Greatest

from catalog.certification.models import local_today

from ..models import SearchDocument
from ..query import BOOLEAN_FACETS, PRICE_RANGES, Hits, counted_facets
from ..synonyms import expand, words

TYPO_SIMILARITY = 0.45

ORDERINGS = {
    "relevance": ["-score", "-stars", "-decision_date", "product_id"],
    "newest": ["-decision_date", "product_id"],
    "price_asc": [F("price").asc(nulls_last=True), "product_id"],
    "price_desc": [F("price").desc(nulls_last=True), "product_id"],
    "stars": ["-stars", "-decision_date", "product_id"],
}


def listed_documents():
    """The documents of listed products: only listable products are indexed (index.py), and
    expiry is date-based."""
    return SearchDocument.objects.filter(valid_until__gte=local_today())


def pick(filters, sort, limit, exclude=()):
    documents = _filtered(listed_documents(), filters).exclude(product_id__in=list(exclude))
    return list(
        documents.annotate(score=Value(0.0)).order_by(*ORDERINGS[sort]).values_list("product_id", flat=True)[:limit]
    )


def search(request):
    documents = listed_documents()
    if request.producer:
        documents = documents.filter(producer=request.producer)
    documents = _match(documents, request.q)
    matching = _filtered(documents, request.filters)
    total = matching.count()
    start = (request.page - 1) * request.per_page
    ids = list(
        matching.order_by(*ORDERINGS[request.sort]).values_list("product_id", flat=True)[
            start : start + request.per_page
        ]
    )
    return Hits(ids, total, _counts_by_facet(documents, request.filters))


def _word_q(term, end=" "):
    column = "accented" if term.accented else "text"
    return Q(**{f"{column}__contains": f" {term.text}{end}"})


def _title_bonus(term):
    return Case(When(title__contains=f" {' '.join(words(term.text))} ", then=Value(10)), default=Value(1))


def _match(documents, q):
    """Every position of the query must match one of its alternatives; the name ranks highest."""
    groups = expand(q)
    if not groups:
        return documents.annotate(score=Value(0, output_field=FloatField()))
    condition, score = Q(), Value(0.0, output_field=FloatField())
    for alternatives in groups:
        any_term = Q()
        for term in alternatives:
            any_term |= _word_q(term)
        condition &= any_term
        score = score + Greatest(*[_title_bonus(t) for t in alternatives], Value(0))
    exact = documents.filter(condition)
    if connection.vendor != "postgresql":
        return exact.annotate(score=score)
    from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity

    folded = " ".join(words(q))
    rank = SearchRank(F("vector"), SearchQuery(folded, search_type="plain", config="simple"))
    if exact.exists():  # full-text rank (the name weighted above the rest) orders the matches
        return exact.annotate(rank=rank).annotate(score=score + F("rank") * 10)
    # Nothing matched as typed: accept names that look like it ("mat onng" finds "Mật ong").
    similarity = TrigramWordSimilarity(folded, "title")
    return documents.annotate(score=similarity * 10).filter(score__gte=TYPO_SIMILARITY * 10)


def _filtered(documents, filters, skip=None):
    for name, values in filters.items():
        if name == skip:
            continue
        if name == "price":
            documents = documents.filter(_price_q(values))
        elif name in BOOLEAN_FACETS:
            documents = documents.filter(**{f"{name}__in": [v == "1" for v in values]})
        elif name == "subgroup":
            documents = documents.filter(_prefix_q("subgroup", values))
        else:
            documents = documents.filter(**{f"{name}__in": values})
    return documents


def _prefix_q(field, codes):
    q = Q()
    for code in codes:
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})
    return q


def _price_q(keys):
    q = Q()
    for key in keys:
        low, high = PRICE_RANGES.get(key, (None, None))
        if low is not None:
            q |= Q(price__gte=low, price__lt=high) if high else Q(price__gte=low)
    return q or Q(pk__in=[])


def _counts_by_facet(documents, filters):
    """Counts per facet value, each facet counted with every filter but its own, so the
    counts say what choosing a value would give (districts within the chosen province)."""
    return {
        name: _counts(name, _filtered(documents, filters, skip=name).order_by()) for name in counted_facets(filters)
    }


def _counts(name, scope):
    if name == "price":
        row = scope.aggregate(**{key: Count("pk", filter=_price_q([key])) for key in PRICE_RANGES})
        return [(key, row[key]) for key in PRICE_RANGES]
    if name in BOOLEAN_FACETS:
        row = scope.aggregate(yes=Count("pk", filter=Q(**{name: True})), no=Count("pk", filter=Q(**{name: False})))
        return [("1", row["yes"]), ("0", row["no"])]
    empty = {f"{name}__isnull": True} if name == "stars" else {name: ""}
    return list(scope.exclude(**empty).values_list(name).annotate(n=Count("pk")).values_list(name, "n"))


def suggest(q, limit):
    groups = expand(q)
    if not groups:
        return []
    condition = Q()
    for position, alternatives in enumerate(groups, start=1):
        end = "" if position == len(groups) else " "  # the last word may be half typed
        any_term = Q()
        for term in alternatives:
            any_term |= _word_q(term, end)
        condition &= any_term
    first = " ".join(words(groups[0][0].text))  # "" for a word of no Latin letters ("蜂蜜")
    in_title = Case(When(title__contains=f" {first}", then=Value(1)), default=Value(0)) if first else Value(0)
    return list(
        listed_documents()
        .filter(condition)
        .annotate(in_title=in_title)
        .order_by("-in_title", "-stars", "product_id")
        .values_list("product_id", flat=True)[:limit]
    )
