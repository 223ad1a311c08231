"""Search in the database: SearchDocument rows (folded text and facet values) joined with the
listing rule. PostgreSQL ranks with full-text search and tolerates typos with trigram
similarity; SQLite matches word prefixes."""

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.certification.models import local_today
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince

from ..models import SearchDocument
from ..service import FACETS, PRICE_RANGES, FacetValue, SearchResult
from ..synonyms import expand, words

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
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


def product_ids(filters=None, sort="newest", limit=8, exclude=()):
    """The first ``limit`` listed products for ``filters`` (facet name -> values), cheaply:
    for blocks such as featured or related products."""
    documents = _filtered(listed_documents(), filters or {}).exclude(product_id__in=exclude)
    return list(
        documents.annotate(score=Value(0.0)).order_by(*ORDERINGS[sort]).values_list("product_id", flat=True)[:limit]
    )


def load(ids):
    """Products ``ids`` for cards, in that order, through the listing rule."""
    found = Product.objects.listable().for_cards().in_bulk(ids)
    return [found[i] for i in ids if i in found]


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
    return SearchResult(
        products=load(ids),
        total=total,
        facets=_facets(documents, request.filters),
        page=request.page,
        per_page=request.per_page,
    )


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
        elif name == "buy_online":
            documents = documents.filter(buy_online__in=[v == "1" for v in values])
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


def _facets(documents, filters):
    """Counts per facet value, each facet counted with every filter but its own, so the
    counts say what choosing a value would give."""
    facets = {}
    for name in FACETS:
        scope = _filtered(documents, filters, skip=name).order_by()
        selected = set(filters.get(name, []))
        facets[name] = [
            FacetValue(value, label, count, value in selected) for value, label, count in _counts(name, scope)
        ]
    return facets


def _counts(name, scope):
    if name == "price":
        row = scope.aggregate(**{key: Count("pk", filter=_price_q([key])) for key in PRICE_RANGES})
        return [(key, price_label(key), row[key]) for key in PRICE_RANGES if row[key]]
    if name == "buy_online":
        row = scope.aggregate(
            online=Count("pk", filter=Q(buy_online=True)), showcase=Count("pk", filter=Q(buy_online=False))
        )
        options = [("1", _("Buy online"), row["online"]), ("0", _("Showcase only"), row["showcase"])]
        return [option for option in options if option[2]]
    empty = {f"{name}__isnull": True} if name == "stars" else {name: ""}
    counted = dict(scope.exclude(**empty).values_list(name).annotate(n=Count("pk")).values_list(name, "n"))
    if name == "stars":
        return [(str(s), f"{s}★", counted[s]) for s in sorted(counted, reverse=True)]
    labels = facet_labels(name, counted)
    rows = [(str(value), labels.get(value, str(value)), n) for value, n in counted.items()]
    return sorted(rows, key=lambda row: (-row[2], row[1])) if name in ("province", "district") else sorted(rows)


def facet_labels(name, values):
    if name == "province":
        return dict(LegacyProvince.objects.filter(code__in=values).values_list("code", "short_name"))
    if name == "district":
        return dict(LegacyDistrict.objects.filter(code__in=values).values_list("code", "short_name"))
    return {c.code: f"{c.code} {c.display_name}" for c in Category.objects.filter(code__in=values)}


def price_label(key):
    low, high = PRICE_RANGES[key]
    if high is None:
        return _("From %(low)s ₫") % {"low": f"{low:,}".replace(",", ".")}
    return f"{low:,} – {high:,} ₫".replace(",", ".")


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
    ids = list(
        listed_documents()
        .filter(condition)
        .annotate(in_title=Case(When(title__contains=f" {words(q)[0]}", then=Value(1)), default=Value(0)))
        .order_by("-in_title", "-stars", "product_id")
        .values_list("product_id", flat=True)[:limit]
    )
    found = Product.objects.select_related("producer__legacy_province").in_bulk(ids)
    return [found[i] for i in ids if i in found]
