"""THE SEARCH SERVICE — the only door to search.

    search(SearchRequest(q="mat ong", filters={"province": ["24"]}, sort="relevance", page=1))
        -> SearchResult(products, total, facets, page, per_page)
    suggest("mat o")                       -> [Product]   (autocomplete)
    pick({"stars": ["5"]}, "newest", 4)    -> [Product]   (featured and related products)

The database backend is the embedded default; Elasticsearch is used when ``ELASTICSEARCH_URL`` is
set. Both implement :class:`.query.SearchBackend`. Here, once for both: results are cached per
index generation and day, facets are labelled, and products are loaded through the listing rule,
so nothing unlisted is ever shown.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.certification.models import local_today
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince

from .backends import db, es
from .query import FACETS, PRICE_RANGES, SORTS, Hits, SearchRequest  # noqa: F401  (re-exported)

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

GENERATION_KEY = "search:generation"
RESULT_CACHE_SECONDS = 300


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    products: list
    total: int
    facets: dict  # facet name -> [FacetValue]
    page: int
    per_page: int

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.per_page))


def backend():
    return es if settings.ELASTICSEARCH_URL else db


def index_changed():
    """Called whenever the index changes: cached results are then never served again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def search(request):
    """One page of listed products with labelled facets. The backend's answer is cached for a few
    minutes per request, index generation and day (so a delisting or an expiry is never served
    from the cache); the products themselves are always loaded through the listing rule."""
    key = (
        "search:"
        + hashlib.sha256(
            repr((request, cache.get(GENERATION_KEY, 0), local_today(), settings.ELASTICSEARCH_URL)).encode()
        ).hexdigest()
    )
    hits = cache.get(key)
    if hits is None:
        hits = Hits(*backend().search(request))
        cache.set(key, tuple(hits), RESULT_CACHE_SECONDS)
    else:
        hits = Hits(*hits)
    return SearchResult(
        load(hits.ids), hits.total, label_facets(hits.counts, request.filters), request.page, request.per_page
    )


def suggest(q, limit=8):
    """Autocomplete: up to ``limit`` listable products whose words start with what was typed."""
    ids = backend().suggest(SearchRequest(q=q).q, limit + 4)  # a few spare, in case some were delisted since
    found = Product.objects.listable().select_related("producer__legacy_province").in_bulk(ids)
    return [found[i] for i in ids if i in found][:limit]


def pick(filters=None, sort="newest", limit=8, exclude=(), first=()):
    """``first`` (products chosen by an editor), then the first listed products for ``filters``
    (facet name -> values), ``limit`` in all, cheaply: for featured or related products."""
    filters = SearchRequest(filters=filters or {}).filters
    first = list(first)[:limit]
    more = backend().pick(filters, sort if sort in SORTS else "newest", limit - len(first), [*exclude, *first])
    return load([*first, *more])


def load(ids):
    """Products ``ids`` for cards, in that order, through the listing rule."""
    found = Product.objects.listable().for_cards().in_bulk(ids)
    return [found[i] for i in ids if i in found]


# --- Facets, labelled once for both backends ---------------------------------------------------


def label_facets(counts, filters):
    """{facet name: [FacetValue]} in the page's order, from a backend's raw counts."""
    facets = {}
    for name in FACETS:
        selected = set(filters.get(name, []))
        rows = [(str(value), n) for value, n in counts.get(name, []) if n]
        facets[name] = [FacetValue(value, label, n, value in selected) for value, label, n in _labelled(name, rows)]
    return facets


def _labelled(name, rows):
    counted = dict(rows)
    if name == "price":
        return [(key, price_label(key), counted[key]) for key in PRICE_RANGES if key in counted]
    if name == "buy_online":
        options = [("1", _("Buy online")), ("0", _("Showcase only"))]
        return [(value, label, counted[value]) for value, label in options if value in counted]
    if name == "stars":
        return [(s, f"{s}★", counted[s]) for s in sorted(counted, key=int, reverse=True)]
    labels = facet_labels(name, list(counted))
    labelled = [(value, labels.get(value, value), n) for value, n in counted.items()]
    if name in ("province", "district"):  # the biggest places first
        return sorted(labelled, key=lambda row: (-row[2], row[1]))
    return sorted(labelled)


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
