"""Search on Elasticsearch 8 through elasticsearch.dsl: the same requests, facets, sort keys and
result shape as the database backend (:mod:`.db`).

Vietnamese first. Text is indexed lower-cased and folded ("Mật ong Đắk Lắk" -> "mat ong dak lak"),
so a query typed without diacritics finds words with them, and a search-time synonym filter built
from ``settings.SEARCH_SYNONYMS`` makes "tra" find "chè". A word typed *with* diacritics means that
word, as on the database backend: it is matched against the ``.exact`` (unfolded) subfields, with
its synonyms by their exact spelling, so "dứa" (pineapple) does not find "dừa" (coconut).
Typos in a word of the name are tolerated by fuzzy matching (words of four letters or more).

Only listable products are indexed (:func:`..documents.listable_products`). Every query also
filters on ``valid_until`` >= today in Asia/Ho_Chi_Minh, so a certificate that expires overnight
drops out before any re-indexing, and the products shown are loaded through the listing rule, which
has the final word.

The index is a concrete ``<alias>-<timestamp>`` index behind the alias ``settings.ELASTICSEARCH_INDEX``:
:func:`rebuild` fills a new one and moves the alias atomically, so searches never see a half-built
index. :func:`update` (the Celery task of :mod:`..tasks`) keeps it current, writing to an index that
is being rebuilt too; external versions (the time the database was read) keep an older snapshot
from overwriting a newer one.

When Elasticsearch cannot be reached, or no index has been built yet, searches are answered by the
database backend, whose documents are always kept current (:mod:`..index`), and a warning is logged.
"""

import logging
import re
import time
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import ConnectionTimeout, Elasticsearch, NotFoundError
from elasticsearch.dsl import Index, Mapping, Q, Search, analyzer, token_filter
from elasticsearch.dsl.field import Boolean, Date, Integer, Keyword, Long, Text
from elasticsearch.helpers import bulk
from oscar.core.loading import get_model

from catalog.certification.models import local_today
from marketplace.text import nfc

from ..documents import documents, listable_products
from ..query import BOOLEAN_FACETS, FACETS, PRICE_RANGES, Hits, counted_facets
from ..synonyms import expand, words
from . import db

log = logging.getLogger(__name__)
Product = get_model("catalogue", "Product")

REQUEST_TIMEOUT = 10  # seconds, for indexing
SEARCH_TIMEOUT = 5  # a shopper waits no longer; the database answers instead
REBUILD_TIMEOUT = 120
CHUNK = 500
MAX_RESULT_WINDOW = 100_000  # deep pages of a 20,000-product catalogue stay reachable
# Typo tolerance, on the name only: Vietnamese syllables are short, and one edit away from "mat"
# are "mot" (một, "one") and "mai", in nearly every description. AUTO:4,7 leaves words of up to
# three letters exact, allows one edit from four letters ("onng" -> "ong") and two from seven.
FUZZINESS = "AUTO:4,7"
TEXT_FIELDS = ("title", "producer_name", "places", "classification", "description")
# Where each word of a query must be found, and how much each field counts: the name most, then who
# makes it and where (the database backend's text). The classification only ranks: the name of
# I.3.d "Chế biến từ thịt, trứng, sữa, thủy sản, mật ong" must not make "mật ong" find pork rolls.
MATCH_FIELDS = {"title": 4, "producer_name": 2, "places": 2, "description": 1}
KEYWORD_FIELDS = ("province", "district", "group", "subgroup")
# Districts are counted within one province only (..query.counted_facets): a few dozen at most.
TERMS_SIZE = {"province": 100, "district": 100, "group": 50, "subgroup": 500, "stars": 10}
SORTS = {
    "relevance": ["_score", {"stars": {"order": "desc"}}, {"decision_date": {"order": "desc"}}],
    "newest": [{"decision_date": {"order": "desc"}}],
    "price_asc": [{"price": {"order": "asc", "missing": "_last"}}],
    "price_desc": [{"price": {"order": "desc", "missing": "_last"}}],
    "stars": [{"stars": {"order": "desc"}}, {"decision_date": {"order": "desc"}}],
}
TIE_BREAK = {"id": {"order": "asc"}}


# --- Connection -------------------------------------------------------------------------


def alias():
    """The name searches and updates go through; it points at one concrete index."""
    return settings.ELASTICSEARCH_INDEX


def client():
    """The Elasticsearch client for ``settings.ELASTICSEARCH_URL``, created on first use."""
    return _client(settings.ELASTICSEARCH_URL)


@lru_cache(maxsize=2)
def _client(url):
    return Elasticsearch(url, request_timeout=REQUEST_TIMEOUT, retry_on_timeout=True, max_retries=2)


# --- The index ------------------------------------------------------------------------------


def synonym_rules():
    """Solr-format rules, folded like the indexed text: [["trà", "chè"]] -> ["tra, che"]."""
    rules = []
    for group in settings.SEARCH_SYNONYMS:
        terms = list(dict.fromkeys(folded for term in group if (folded := " ".join(words(term)))))
        if len(terms) > 1:
            rules.append(", ".join(terms))
    return rules


def _analyzers():
    folding = token_filter("vi_folding", "asciifolding", preserve_original=False)  # also đ -> d
    folded = analyzer("vi_folded", tokenizer="standard", char_filter=["html_strip"], filter=["lowercase", folding])
    search_filters = ["lowercase", folding]
    if rules := synonym_rules():
        search_filters.append(token_filter("vi_synonyms", "synonym_graph", synonyms=rules, lenient=True))
    search = analyzer("vi_search", tokenizer="standard", char_filter=["html_strip"], filter=search_filters)
    exact = analyzer("vi_exact", tokenizer="standard", char_filter=["html_strip"], filter=["lowercase"])
    edge = token_filter("vi_edge_ngram", "edge_ngram", min_gram=2, max_gram=15)
    autocomplete = analyzer("vi_autocomplete", tokenizer="standard", filter=["lowercase", folding, edge])
    return folded, search, exact, autocomplete


def mapping():
    folded, search, exact, autocomplete = _analyzers()
    m = Mapping()
    m.meta("dynamic", "strict")  # a field we forgot to map is an error, not a guess
    m.field("id", Integer())
    for name in TEXT_FIELDS:
        subfields = {"exact": Text(analyzer=exact)}
        if name == "title":
            subfields["suggest"] = Text(analyzer=autocomplete, search_analyzer=folded)
        m.field(name, Text(analyzer=folded, search_analyzer=search, fields=subfields))
    for name in KEYWORD_FIELDS:
        m.field(name, Keyword())
    m.field("producer", Integer())
    m.field("stars", Integer())
    m.field("price", Long())  # VND has no minor unit
    m.field("buy_online", Boolean())
    m.field("combo", Boolean())
    m.field("decision_date", Date(format="date"))
    m.field("valid_until", Date(format="date"))
    m.field("url", Keyword(index=False, doc_values=False))
    return m


def index_body():
    """The settings and mappings of a new concrete index (``indices.create(**index_body())``)."""
    index = Index(alias())
    index.settings(number_of_shards=1, max_result_window=MAX_RESULT_WINDOW)
    index.mapping(mapping())
    return index.to_dict()


def source(doc):
    """The indexed source of a :func:`..documents.document` dict."""
    return {
        "id": doc["id"],
        **{name: nfc(doc[name] or "") for name in TEXT_FIELDS},
        **{name: doc[name] or None for name in KEYWORD_FIELDS},  # no bucket for "no district"
        "producer": doc["producer"],
        "stars": doc["stars"],
        "price": None if doc["price"] is None else int(round(doc["price"])),
        "buy_online": bool(doc["buy_online"]),
        "combo": bool(doc["combo"]),
        "decision_date": doc["decision_date"].isoformat() if doc["decision_date"] else None,
        "valid_until": doc["valid_until"].isoformat() if doc["valid_until"] else None,
        "url": doc["url"],
    }


def _version():
    """An external version: when the database was read. A later read wins, whatever lands first."""
    return time.time_ns() // 1000


def _actions(index, ids, version):
    sources = {d["id"]: source(d) for d in documents(ids)}
    for pk in ids:
        meta = {"_index": index, "_id": pk, "_version": version, "_version_type": "external"}
        if pk in sources:
            yield {"_op_type": "index", **meta, "_source": sources[pk]}
        else:
            yield {"_op_type": "delete", **meta}


def _concrete_name(name):
    return re.fullmatch(rf"{re.escape(alias())}-\d{{20}}", name) is not None


def _indexes(es):
    """Our concrete indexes, oldest first: {name: serves the alias}."""
    found = es.indices.get_alias(index=f"{alias()}-*", allow_no_indices=True, ignore_unavailable=True)
    return {name: alias() in found[name].get("aliases", {}) for name in sorted(found) if _concrete_name(name)}


def rebuild(progress=None):
    """Index every listable product into a new concrete index, then move the alias to it and
    delete the older ones; returns the new index's name. Searches use the old index until the switch."""
    es = client().options(request_timeout=REBUILD_TIMEOUT)
    name = f"{alias()}-{timezone.now():%Y%m%d%H%M%S%f}"
    body = index_body()
    settings_ = {**body["settings"], "refresh_interval": "-1"}  # no refreshes while bulk loading
    es.indices.create(index=name, settings=settings_, mappings=body["mappings"])
    try:
        ids = list(listable_products().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # 404: delisted since the ids were read; 409: update() already wrote a newer version.
            bulk(es, _actions(name, chunk, _version()), chunk_size=CHUNK, ignore_status=(404, 409))
            if progress:
                progress(len(chunk))
        es.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
        es.indices.refresh(index=name)
        serving = _serving(es)
        es.indices.update_aliases(
            actions=[
                *({"remove": {"index": old, "alias": alias()}} for old in serving),
                {"add": {"index": name, "alias": alias()}},
            ]
        )
    except BaseException:
        try:  # leave nothing half-built behind; the alias still serves the previous index
            es.indices.delete(index=name, ignore_unavailable=True)
        except Exception:  # the original error is the one to report
            log.exception("Could not delete the half-built index %s", name)
        raise
    older = [old for old in _indexes(es) if old < name]
    if older:
        es.indices.delete(index=older, ignore_unavailable=True)
    return name


def _serving(es):
    """The indexes the alias points at now (none before the first rebuild)."""
    try:
        return sorted(es.indices.get_alias(name=alias()))
    except NotFoundError:
        return []


def update(ids, refresh=False):
    """Bring products ``ids`` up to date in the index: the listable ones are (re)indexed, the
    others deleted. Goes through the alias, and also into an index being rebuilt."""
    ids = sorted({int(pk) for pk in ids})
    es = client()
    live = _serving(es)
    if not live:
        log.warning("Elasticsearch alias %s does not exist yet: run `manage.py search_index --rebuild`", alias())
        return 0
    building = [name for name, serves in _indexes(es).items() if not serves and name > max(live)]
    for start in range(0, len(ids), CHUNK):
        chunk, version = ids[start : start + CHUNK], _version()
        # 404: deleting what is not there; 409: a newer version is already there.
        bulk(es, _actions(alias(), chunk, version), ignore_status=(404, 409), require_alias=True, refresh=refresh)
        for name in building:
            bulk(es, _actions(name, chunk, version), ignore_status=(404, 409))
    return len(ids)


# --- Searching --------------------------------------------------------------------------------


def _fields(suffix=""):
    return [f"{name}{suffix}^{boost}" if boost != 1 else f"{name}{suffix}" for name, boost in MATCH_FIELDS.items()]


def _term_query(term):
    """One alternative for one position of the query (see :func:`..synonyms.expand`)."""
    if term.accented:  # typed with diacritics (or a synonym's spelling): that exact word
        return Q("multi_match", query=term.text, fields=_fields(".exact"), type="phrase")
    # Folded: the word in any field (the search analyzer adds its synonyms), or a word of the name
    # that looks like it (fuzziness is not applied to synonyms, and fuzzy matches score lower).
    return Q(
        "bool",
        should=[
            Q("multi_match", query=term.text, fields=_fields(), operator="and"),
            Q("match", title={"query": term.text, "fuzziness": FUZZINESS, "prefix_length": 1, "operator": "and"}),
        ],
        minimum_should_match=1,
    )


def text_query(q):
    """Every position of ``q`` must match one of its alternatives in one of the fields; the name
    ranks highest, the whole query as a phrase in the name higher still, and a matching
    classification a little."""
    groups = expand(q)
    must = []
    for alternatives in groups:
        queries = [_term_query(term) for term in alternatives]
        must.append(queries[0] if len(queries) == 1 else Q("bool", should=queries, minimum_should_match=1))
    if not groups:
        return [], []
    folded = " ".join(words(q))
    should = [Q("match", classification=folded)]
    if len(groups) > 1:
        should.append(Q("match_phrase", title={"query": folded, "boost": 2}))
    return must, should


def _listed_filter():
    """Expired certificates never show, even before the index hears of it."""
    return Q("range", valid_until={"gte": local_today().isoformat()})


def facet_filter(name, values):
    if name == "price":
        ranges = []
        for key in values:
            low, high = PRICE_RANGES[key]
            ranges.append(Q("range", price={"gte": low, "lt": high} if high is not None else {"gte": low}))
        return Q("bool", should=ranges, minimum_should_match=1)
    if name in BOOLEAN_FACETS:
        return Q("terms", **{name: [value == "1" for value in values]})
    if name == "stars":
        return Q("terms", stars=[int(value) for value in values])
    if name == "subgroup":  # a code and everything under it
        prefixes = [Q("prefix", subgroup=f"{code}.") for code in values]
        return Q("bool", should=[Q("terms", subgroup=list(values)), *prefixes], minimum_should_match=1)
    return Q("terms", **{name: list(values)})


def _facet_agg(search, name):
    if name == "price":
        ranges = [
            {"key": key, "from": low, **({"to": high} if high is not None else {})}
            for key, (low, high) in PRICE_RANGES.items()
        ]
        return search.bucket("counts", "range", field="price", ranges=ranges, keyed=True)
    if name in BOOLEAN_FACETS:
        return search.bucket(
            "counts", "filters", filters={"1": Q("term", **{name: True}), "0": Q("term", **{name: False})}
        )
    return search.bucket("counts", "terms", field=name, size=TERMS_SIZE[name])


def build_query(request):
    """The :class:`elasticsearch.dsl.Search` for a :class:`..service.SearchRequest`, not executed.

    The facet filters are a post_filter, so they narrow the hits but not the aggregations; each
    facet is counted inside a ``filter`` aggregation carrying every other facet's filter, so its
    counts say what choosing one of its values would give (as on the database backend); districts
    are counted only within one chosen province (:func:`..query.counted_facets`)."""
    must, should = text_query(request.q)
    filters = [_listed_filter()]
    if request.producer:
        filters.append(Q("term", producer=request.producer))
    s = Search(index=alias()).query(Q("bool", must=must, should=should, filter=filters))
    selected = {name: facet_filter(name, values) for name, values in request.filters.items()}
    if selected:
        s = s.post_filter(Q("bool", filter=list(selected.values())))
    for name in counted_facets(request.filters):
        others = [query for other, query in selected.items() if other != name]
        scope = Q("bool", filter=others) if others else Q("match_all")
        _facet_agg(s.aggs.bucket(f"facet_{name}", "filter", filter=scope), name)
    start = (request.page - 1) * request.per_page
    size = request.per_page
    if start + size > MAX_RESULT_WINDOW:  # beyond the last reachable page: counts only
        start, size = 0, 0
    return s.sort(*SORTS[request.sort], TIE_BREAK).extra(from_=start, size=size, track_total_hits=True, _source=False)


def search(request):
    try:
        response = build_query(request).using(_search_client()).execute()
    except (ESConnectionError, ConnectionTimeout, NotFoundError) as error:
        log.warning("Elasticsearch search failed, answering from the database: %s", error)
        return db.search(request)
    ids = [int(hit.meta.id) for hit in response.hits]
    return Hits(ids, response.hits.total.value, facet_counts(response.to_dict().get("aggregations", {})))


# Featured and related products come from the database documents, which are always current.
pick = db.pick


def _search_client():
    return client().options(request_timeout=SEARCH_TIMEOUT, max_retries=1)


def facet_counts(aggregations):
    """{facet name: [(value, count)]} from the aggregations of :func:`build_query`."""
    counts = {}
    for name in FACETS:
        buckets = aggregations.get(f"facet_{name}", {}).get("counts", {}).get("buckets", {})
        if isinstance(buckets, dict):  # price ranges and buy_online are keyed buckets
            counts[name] = [(key, bucket["doc_count"]) for key, bucket in buckets.items()]
        else:
            counts[name] = [(str(bucket["key"]), bucket["doc_count"]) for bucket in buckets]
    return counts


# --- Autocomplete -------------------------------------------------------------------------------


def build_suggest(q, limit):
    """Listable products whose name has words starting with what was typed ("mat o" -> "Mật ong")."""
    typed = words(q)
    if not typed:
        return None
    whole, last = (typed, None) if len(typed[-1]) > 1 else (typed[:-1], typed[-1])
    must = [Q("match", **{"title.suggest": {"query": " ".join(whole), "operator": "and"}})] if whole else []
    if last:  # one letter is shorter than the shortest edge n-gram
        must.append(Q("prefix", title=last))
    should = [Q("match", title=" ".join(typed))]  # whole words typed rank first
    return (
        Search(index=alias())
        .query(Q("bool", must=must, should=should, filter=[_listed_filter()]))
        .sort("_score", {"stars": {"order": "desc"}}, TIE_BREAK)
        .extra(size=limit, _source=False)
    )


def suggest(q, limit):
    query = build_suggest(q, limit)
    if query is None:
        return []
    try:
        response = query.using(_search_client()).execute()
    except (ESConnectionError, ConnectionTimeout, NotFoundError) as error:
        log.warning("Elasticsearch suggest failed, answering from the database: %s", error)
        return db.suggest(q, limit)
    return [int(hit.meta.id) for hit in response.hits]
