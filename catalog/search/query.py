"""What a search asks and what a backend answers: the one small interface both search backends
(:mod:`.backends.db`, :mod:`.backends.es`) implement. Callers never use a backend: they ask
:mod:`.service`, which picks the backend, labels the facets once and loads the products through
the listing rule.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from django.conf import settings
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
    "combo": pgettext_lazy("facet", "Gift combos"),
}
#: Facets of a yes/no value: "1" or "0".
BOOLEAN_FACETS = ("buy_online", "combo")
PRICE_RANGES = {  # key: (min inclusive, max exclusive) in VND
    "0-100000": (0, 100_000),
    "100000-300000": (100_000, 300_000),
    "300000-1000000": (300_000, 1_000_000),
    "1000000-": (1_000_000, None),
}
# What a query may hold. Longer queries are cut, not refused: nobody types more, and every word
# adds a condition to the database query (80 one-letter words overflowed SQLite's parser).
MAX_QUERY_CHARACTERS = 200
MAX_QUERY_WORDS = 10
MAX_VALUES_PER_FACET = 20
MAX_PAGE = 10_000  # 240,000 results deep: beyond any catalogue; keeps offsets small


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> list of selected values
    producer: int | None = None  # a producer's page, not a facet
    sort: str = "relevance"
    page: int = 1
    per_page: int = settings.OSCAR_PRODUCTS_PER_PAGE

    def __post_init__(self):
        self.q = clean_query(self.q)
        self.filters = {
            name: valid for name, values in self.filters.items() if name in FACETS and (valid := _valid(name, values))
        }
        if self.sort not in SORTS or (self.sort == "relevance" and not self.q):
            self.sort = "relevance" if self.q else "newest"
        self.page = min(max(1, self.page), MAX_PAGE)


def counted_facets(filters):
    """The facets a search counts, for both backends: districts only within one chosen province
    (the country's ~700 districts in one list help nobody, and counting them was most of a page's
    work); without exactly one province, the district filter still applies but is not counted."""
    return [name for name in FACETS if name != "district" or len(filters.get("province", ())) == 1]


def clean_query(q):
    """The query as searched: no control or invisible characters, single spaces, at most
    MAX_QUERY_WORDS words and MAX_QUERY_CHARACTERS characters."""
    visible = "".join(ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in str(q or ""))
    return " ".join(visible.split()[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARACTERS].strip()


_VALID_VALUES = {
    "stars": {"1", "2", "3", "4", "5"},
    "price": set(PRICE_RANGES),
    **{name: {"0", "1"} for name in BOOLEAN_FACETS},
}


def _valid(name, values):
    """The values of a facet filter that can mean something; anything else from the URL is ignored."""
    allowed = _VALID_VALUES.get(name)
    values = [str(v).strip() for v in values]
    return list(dict.fromkeys(v for v in values if (v in allowed if allowed else _is_code(v))))[:MAX_VALUES_PER_FACET]


def _is_code(value):
    """A unit code ("218") or a classification code ("I.2.b")."""
    return 0 < len(value) <= 20 and all(ch.isascii() and (ch.isalnum() or ch == ".") for ch in value)


class Hits(NamedTuple):
    """A backend's answer: the ids of one page of listed products, in order, the total, and the
    raw facet counts {facet name: [(value, count), …]} with every other filter applied."""

    ids: list
    total: int
    counts: dict


class SearchBackend(Protocol):
    """What a search backend module provides. Only listable products are ever indexed; every
    query also filters on the certificate's last valid day, so an expiry needs no re-indexing."""

    def search(self, request: SearchRequest) -> Hits: ...

    def suggest(self, q: str, limit: int) -> list[int]:
        """Ids of listed products whose name has words starting with what was typed."""

    def pick(self, filters: dict, sort: str, limit: int, exclude: Iterable[int] = ()) -> list[int]:
        """Ids of the first ``limit`` listed products for ``filters`` (featured, related)."""
