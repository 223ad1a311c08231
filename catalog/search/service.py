"""The search service: one interface, two backends (DESIGN.md).

    search(SearchRequest(q="mat ong", filters={"province": ["24"]}, sort="relevance", page=1))
        -> SearchResult(products, total, facets, page, per_page)

The database backend is the embedded default; Elasticsearch is used when
``ELASTICSEARCH_URL`` is set. Either way, the products returned are loaded through the
listing rule, so nothing unlisted is ever shown.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SORTS = {
    "relevance": _("Most relevant"),
    "newest": _("Newest certificate"),
    "price_asc": _("Price: low to high"),
    "price_desc": _("Price: high to low"),
    "stars": _("Most stars"),
}
# Facets, in the order the page shows them; "price" holds range keys of PRICE_RANGES.
FACETS = {
    "province": pgettext_lazy("facet", "Province"),
    "district": pgettext_lazy("facet", "District"),
    "group": pgettext_lazy("facet", "Product group"),
    "subgroup": pgettext_lazy("facet", "Classification"),
    "stars": pgettext_lazy("facet", "Stars"),
    "price": pgettext_lazy("facet", "Price"),
    "buy_online": pgettext_lazy("facet", "How to buy"),
}
PRICE_RANGES = {  # key: (min inclusive, max exclusive) in VND
    "0-100000": (0, 100_000),
    "100000-300000": (100_000, 300_000),
    "300000-1000000": (300_000, 1_000_000),
    "1000000-": (1_000_000, None),
}


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> list of selected values
    producer: int | None = None  # a producer's page, not a facet
    sort: str = "relevance"
    page: int = 1
    per_page: int = settings.OSCAR_PRODUCTS_PER_PAGE

    def __post_init__(self):
        self.filters = {
            name: valid for name, values in self.filters.items() if name in FACETS and (valid := _valid(name, values))
        }
        if self.sort not in SORTS or (self.sort == "relevance" and not self.q.strip()):
            self.sort = "relevance" if self.q.strip() else "newest"
        self.page = max(1, self.page)


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


_VALID_VALUES = {"stars": {"1", "2", "3", "4", "5"}, "buy_online": {"0", "1"}, "price": set(PRICE_RANGES)}
_CODE = re.compile(r"^[0-9A-Za-z.]{1,20}$")


def _valid(name, values):
    """The values of a facet filter that can mean something; anything else from the URL is ignored."""
    allowed = _VALID_VALUES.get(name)
    values = [str(v).strip() for v in values]
    return list(dict.fromkeys(v for v in values if (v in allowed if allowed else _CODE.match(v))))[:20]


def backend():
    if settings.ELASTICSEARCH_URL:
        from .backends import es

        return es
    from .backends import db

    return db


GENERATION_KEY = "search:generation"
RESULT_CACHE_SECONDS = 300


def index_changed():
    """Called whenever the index changes: cached results are then never served again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def search(request):
    """Search, with results cached for a few minutes per request, index generation and day
    (so a delisting or an expiry is never served from the cache); the products themselves are
    always loaded through the listing rule."""
    from catalog.certification.models import local_today

    from .backends import db

    key = (
        "search:"
        + hashlib.sha1(
            repr((request, cache.get(GENERATION_KEY, 0), local_today(), settings.ELASTICSEARCH_URL)).encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        ids, total, facets = cached
        return SearchResult(db.load(ids), total, facets, request.page, request.per_page)
    result = backend().search(request)
    cache.set(key, ([p.pk for p in result.products], result.total, result.facets), RESULT_CACHE_SECONDS)
    return result


def suggest(q, limit=8):
    """Autocomplete: up to ``limit`` listable products whose words start with what was typed."""
    return backend().suggest(q, limit)
