"""THE SEARCH SERVICE — the only door to search.

    search(SearchRequest(q="mat ong", filters={"province": ["24"]}, sort="relevance", page=1))
        -> SearchResult(products, total, facets, page, per_page)   (products: Cards, see load())
    suggest("mat o")                       -> [Product]   (autocomplete)
    pick({"stars": ["5"]}, "newest", 4)    -> Cards       (featured and related products)

The database backend is the embedded default; Elasticsearch is used when ``ELASTICSEARCH_URL`` is
set. Both implement :class:`.query.SearchBackend`. Here, once for both: results are cached per
index generation and day, facets are labelled, and products are loaded through the listing rule,
so nothing unlisted is ever shown.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.catalogue.cards import CardSource
from catalog.certification.models import local_today
from marketplace import pagecache
from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.pagecache import kept

from .backends import db, es
from .query import BOOLEAN_FACETS, FACETS, PRICE_RANGES, SORTS, Hits, SearchRequest  # noqa: F401  (re-exported)

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


def _cache_key(kind, *question):
    """A key for a backend's answer to ``question``: it changes with the index generation and the
    day, so a delisting or an expiry is never answered from the cache."""
    asked = repr((question, cache.get(GENERATION_KEY, 0), local_today(), settings.ELASTICSEARCH_URL))
    return f"search:{kind}:" + hashlib.sha256(asked.encode()).hexdigest()


def search(request):
    """One page of listed products with labelled facets. The backend's answer is cached for a few
    minutes per request, index generation and day (so a delisting or an expiry is never served
    from the cache); the products themselves are always loaded through the listing rule."""
    hits = search_hits(request)
    return SearchResult(
        load(hits.ids), hits.total, label_facets(hits.counts, request.filters), request.page, request.per_page
    )


def search_hits(request):
    """The backend's :class:`~.query.Hits` for ``request`` (ids of one page, total, raw facet
    counts), cached like :func:`search`'s; the ids are loaded through the listing rule by whoever
    shows them (:func:`search`, the API)."""
    key = _cache_key("hits", request)
    hits = cache.get(key)
    if hits is None:
        hits = Hits(*backend().search(request))
        cache.set(key, tuple(hits), RESULT_CACHE_SECONDS)
        return hits
    return Hits(*hits)


def suggest(q, limit=8):
    """Autocomplete: up to ``limit`` listable products whose words start with what was typed. The
    backend's answer is cached like :func:`search`'s (shoppers type the same first letters: most
    keystrokes are answered without asking the backend)."""
    q = SearchRequest(q=q).q
    key = _cache_key("suggest", q, limit)
    ids = cache.get(key)
    if ids is None:
        ids = backend().suggest(q, limit + 4)  # a few spare, in case some were delisted since
        cache.set(key, ids, RESULT_CACHE_SECONDS)
    found = Product.objects.listable().select_related("producer__legacy_province").in_bulk(ids)
    return [found[i] for i in ids if i in found][:limit]


def pick(filters=None, sort="newest", limit=8, exclude=(), first=()):
    """``first`` (products chosen by an editor), then the first listed products for ``filters``
    (facet name -> values), ``limit`` in all, cheaply: for featured or related products."""
    return load(pick_ids(filters, sort, limit, exclude, first))


def pick_ids(filters=None, sort="newest", limit=8, exclude=(), first=()):
    """The ids :func:`pick` loads, from the backend or its cached answer (like :func:`search`'s),
    so that a page showing several picks can load all their products at once."""
    filters = SearchRequest(filters=filters or {}).filters
    sort = sort if sort in SORTS else "newest"
    first = list(first)[:limit]
    key = _cache_key("pick", filters, sort, limit, list(exclude), first)
    more = cache.get(key)
    if more is None:
        more = backend().pick(filters, sort, limit - len(first), [*exclude, *first])
        cache.set(key, more, RESULT_CACHE_SECONDS)
    return [*first, *more]


def load(ids, loaded=None):
    """Products ``ids`` for cards, in that order, through the listing rule: a
    :class:`~catalog.catalogue.cards.Cards` list. Which of them are listed is asked at once (one
    query of ids); the products themselves are loaded only when needed — ``{% product_cards %}``
    takes the cards it has in the cache by id. ``loaded`` is what :func:`load_many` returned for
    the page's lists: then nothing is asked again."""
    ids = list(ids)
    if loaded is None or not loaded.knows(ids):
        loaded = load_many([ids])
    return loaded.cards(ids)


def load_many(id_lists):
    """Asks once which products of several lists of ids are listed: a
    :class:`~catalog.catalogue.cards.CardSource` to pass to :func:`load` as ``loaded`` (the
    products missing from the card cache are then loaded in one query for all the lists)."""
    ids = list(dict.fromkeys(i for ids in id_lists for i in ids))
    if not ids:
        return CardSource(ids, ())
    # Kept like a piece of a page: under the listing generation, which every change of
    # listability bumps, and the day (the rule's dates are days).
    listed = kept(
        "listed",
        *ids,
        make=lambda: list(Product.objects.listable().filter(pk__in=ids).values_list("pk", flat=True)),
        clock=pagecache.DAY,
    )
    return CardSource(ids, listed)


# --- Facets, labelled once for both backends ---------------------------------------------------


def label_facets(counts, filters):
    """{facet name: [FacetValue]} in the page's order, from a backend's raw counts. A chosen value
    is always there (with 0 when nothing has it), so a page can show it chosen; a facet the backend
    did not count (districts without one province, see :func:`.query.counted_facets`) holds only
    its chosen values."""
    facets = {}
    for name in FACETS:
        selected = filters.get(name, [])
        rows = [(str(value), n) for value, n in counts.get(name, []) if n]
        rows += [(value, 0) for value in selected if value not in dict(rows)]
        facets[name] = [FacetValue(value, label, n, value in selected) for value, label, n in _labelled(name, rows)]
    return facets


BOOLEAN_OPTIONS = {
    "buy_online": [("1", gettext_lazy("Buy online")), ("0", gettext_lazy("Showcase only"))],
    "combo": [("1", gettext_lazy("Gift combos")), ("0", gettext_lazy("Single products"))],
}


def _labelled(name, rows):
    counted = dict(rows)
    if name == "price":
        return [(key, price_label(key), counted[key]) for key in PRICE_RANGES if key in counted]
    if name in BOOLEAN_FACETS:
        options = BOOLEAN_OPTIONS[name]
        return [(value, label, counted[value]) for value, label in options if value in counted]
    if name == "stars":
        return [(s, f"{s}★", counted[s]) for s in sorted(counted, key=int, reverse=True)]
    labels = facet_labels(name) if counted else {}
    labelled = [(value, labels.get(value, value), n) for value, n in counted.items()]
    if name in ("province", "district"):  # the biggest places first
        return sorted(labelled, key=lambda row: (-row[2], row[1]))
    return sorted(labelled)


#: {(facet, language, listing generation): {code: label}}: every label of a facet, made once per
#: process for a generation (which a change to places or groups bumps) rather than asked of the
#: database for every page; the few entries of older generations are simply dropped.
_labels = {}


def facet_labels(name):
    """{code: label} of all of a facet's places or product groups."""
    key = (name, get_language(), pagecache.generation())
    labels = _labels.get(key)
    if labels is None:
        if len(_labels) > 32:
            _labels.clear()
        labels = _labels[key] = _all_labels(name)
    return labels


def _all_labels(name):
    if name == "province":
        return dict(LegacyProvince.objects.values_list("code", "short_name"))
    if name == "district":
        return dict(LegacyDistrict.objects.values_list("code", "short_name"))
    return {c.code: f"{c.code} {c.display_name}" for c in Category.objects.filter(code__isnull=False)}


def price_label(key):
    low, high = PRICE_RANGES[key]
    if high is None:
        return _("From %(low)s ₫") % {"low": f"{low:,}".replace(",", ".")}
    return f"{low:,} – {high:,} ₫".replace(",", ".")
