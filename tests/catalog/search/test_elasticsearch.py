"""The Elasticsearch search backend.

The first part always runs: the index definition and the queries are checked as the JSON sent to
Elasticsearch (``to_dict()``), facets are read from an aggregations answer in Elasticsearch's
format, and an unreachable server is met with the database backend's answers.

The second part (``TestAgainstElasticsearch``) talks to a real Elasticsearch 8 server and runs only
when ``ELASTICSEARCH_URL`` is set in the environment, e.g.
``ELASTICSEARCH_URL=http://localhost:9200 .venv/bin/python -m pytest tests/test_search_elasticsearch.py``.
Each test builds its own index (``test-ocop-<random>``) and deletes it afterwards.
"""

import datetime
import json
import logging
import os
import socket

import pytest

from catalog.certification.models import Status, local_today
from catalog.search import service
from catalog.search.backends import es
from catalog.search.documents import documents
from catalog.search.service import FACETS, PRICE_RANGES, SORTS, SearchRequest, search, suggest
from catalog.search.tasks import update_elasticsearch
from tests.factories import ProducerFactory, ProductFactory

# --- helpers -------------------------------------------------------------------------------------


def walk(node):
    """Every dict inside a query dict, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def clauses(node, kind):
    """The bodies of every ``kind`` clause ("multi_match", "range", …) inside ``node``."""
    return [d[kind] for d in walk(node) if kind in d and isinstance(d[kind], dict)]


def query_of(**request):
    return es.build_query(SearchRequest(**request)).to_dict()


def boosts(fields):
    return {name.split("^")[0]: float(name.split("^")[1]) if "^" in name else 1.0 for name in fields}


@pytest.fixture
def unreachable(settings):
    """An Elasticsearch URL where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.ELASTICSEARCH_INDEX = "test-ocop-unreachable"
    return settings.ELASTICSEARCH_URL


# --- the index definition --------------------------------------------------------------------------


def test_analyzers_fold_vietnamese_and_know_the_synonyms():
    analysis = es.index_body()["settings"]["analysis"]
    filters, analyzers = analysis["filter"], analysis["analyzer"]
    folding = [name for name, f in filters.items() if f["type"] == "asciifolding"]
    assert len(folding) == 1 and filters[folding[0]]["preserve_original"] is False
    for name in ("vi_folded", "vi_search", "vi_autocomplete"):
        assert analyzers[name]["filter"][:2] == ["lowercase", folding[0]]
    assert "vi_folding" not in analyzers["vi_exact"]["filter"]  # the spelling as written

    synonyms = filters[analyzers["vi_search"]["filter"][-1]]
    assert synonyms["type"] == "synonym_graph"
    assert {"tra, che", "heo, lon", "thom, dua, khom", "dau phong, lac"} <= set(synonyms["synonyms"])
    assert not any(filters[f]["type"] == "synonym_graph" for f in analyzers["vi_folded"]["filter"][1:])

    edge = filters[analyzers["vi_autocomplete"]["filter"][-1]]
    assert (edge["type"], edge["min_gram"], edge["max_gram"]) == ("edge_ngram", 2, 15)


def test_synonym_rules_come_from_settings(settings):
    settings.SEARCH_SYNONYMS = [["Trà", "chè"], ["đậu phộng", "lạc"], ["ĐỘC"], ["mè", "Mè", "vừng"]]
    assert es.synonym_rules() == ["tra, che", "dau phong, lac", "me, vung"]
    settings.SEARCH_SYNONYMS = []
    body = es.index_body()["settings"]["analysis"]
    assert not any(f["type"] == "synonym_graph" for f in body["filter"].values())


def test_mapping():
    body = es.index_body()
    assert body["settings"]["number_of_shards"] == 1
    mapping = body["mappings"]
    assert mapping["dynamic"] == "strict"
    fields = mapping["properties"]
    for name in es.TEXT_FIELDS:
        assert fields[name]["type"] == "text"
        assert (fields[name]["analyzer"], fields[name]["search_analyzer"]) == ("vi_folded", "vi_search")
        assert fields[name]["fields"]["exact"]["analyzer"] == "vi_exact"
    suggest_field = fields["title"]["fields"]["suggest"]
    assert (suggest_field["analyzer"], suggest_field["search_analyzer"]) == ("vi_autocomplete", "vi_folded")
    assert {name: fields[name]["type"] for name in ("province", "district", "group", "subgroup")} == dict.fromkeys(
        ("province", "district", "group", "subgroup"), "keyword"
    )
    assert {name: fields[name]["type"] for name in ("id", "producer", "stars", "price", "buy_online")} == {
        "id": "integer",
        "producer": "integer",
        "stars": "integer",
        "price": "long",
        "buy_online": "boolean",
    }
    assert fields["decision_date"]["type"] == fields["valid_until"]["type"] == "date"
    assert fields["url"] == {"type": "keyword", "index": False, "doc_values": False}


@pytest.mark.django_db
def test_indexed_documents_fit_the_strict_mapping(admin_units):
    producer = ProducerFactory(name="HTX Huyền Sơn", legacy_province_id="24", legacy_district_id="218")
    ProductFactory(title="Mật ong hoa vải Lục Nam", producer=producer, price=250000, description="<p>Nguyên chất</p>")
    ProductFactory(title="Chè Tân Cương", producer=ProducerFactory(legacy_province_id="24"))  # no district
    sources = [es.source(d) for d in documents()]
    properties = es.index_body()["mappings"]["properties"]
    for source in sources:
        assert set(source) == set(properties)
        json.dumps(source)  # plain JSON: no Decimal, no date objects
    tea, honey = sorted(sources, key=lambda source: source["title"])
    assert honey["price"] == 250000 and honey["buy_online"] is True
    assert (honey["province"], honey["district"], honey["subgroup"]) == ("24", "218", "I.2.b")
    assert "Lục Nam" in honey["places"] and "Bắc Giang" in honey["places"]
    assert honey["valid_until"] >= local_today().isoformat()
    assert tea["district"] is None and tea["price"] is None and tea["buy_online"] is False


# --- the query ---------------------------------------------------------------------------------------


def test_words_are_matched_in_every_field_with_the_name_first_and_typos_tolerated_on_the_name():
    body = query_of(q="mat ong")
    must = body["query"]["bool"]["must"]
    assert len(must) == 2  # each word must be found
    multi = clauses(must[0], "multi_match")
    assert [m["query"] for m in multi] == ["mat"] and multi[0]["operator"] == "and"
    weights = boosts(multi[0]["fields"])
    assert max(weights, key=weights.get) == "title"
    assert weights == {"title": 4, "producer_name": 2, "places": 2, "description": 1}
    fuzzy = [m["title"] for m in clauses(must[1], "match") if "title" in m]
    assert fuzzy[0]["query"] == "ong" and fuzzy[0]["fuzziness"].startswith("AUTO")
    # The whole query in the name as a phrase, and the classification, only rank.
    should = body["query"]["bool"]["should"]
    assert {"match_phrase": {"title": {"query": "mat ong", "boost": 2}}} in should
    assert {"match": {"classification": "mat ong"}} in should


def test_a_word_typed_with_diacritics_is_matched_as_spelled():
    must = query_of(q="dứa")["query"]["bool"]["must"]
    spelled = clauses(must, "multi_match")
    assert {m["query"] for m in spelled} == {"dứa", "thơm", "khóm"}  # its synonyms, as spelled
    for m in spelled:
        assert m["type"] == "phrase" and "fuzziness" not in m
        assert all(field.split("^")[0].endswith(".exact") for field in m["fields"])


def test_a_folded_word_gets_its_synonyms_from_the_analyzer_and_as_spelled():
    must = query_of(q="tra")["query"]["bool"]["must"]
    assert {m["query"] for m in clauses(must, "multi_match")} == {"tra", "trà", "chè"}
    folded = [m for m in clauses(must, "multi_match") if m["query"] == "tra"][0]
    assert not any(f.endswith(".exact") or ".exact^" in f for f in folded["fields"])  # vi_search: synonyms


def test_expired_certificates_are_filtered_by_the_query_itself():
    for body in (query_of(q="mat ong"), query_of()):
        assert {"range": {"valid_until": {"gte": local_today().isoformat()}}} in body["query"]["bool"]["filter"]
    suggest_body = es.build_suggest("mat o", 8).to_dict()
    assert {"range": {"valid_until": {"gte": local_today().isoformat()}}} in suggest_body["query"]["bool"]["filter"]


def test_facet_filters_narrow_the_hits_and_each_facet_is_counted_without_its_own_filter():
    body = query_of(filters={"province": ["24"], "stars": ["5"], "price": ["0-100000"], "buy_online": ["1"]})
    assert "terms" not in json.dumps(body["query"])  # the hits' query carries no facet filter
    post = body["post_filter"]["bool"]["filter"]
    assert {"terms": {"province": ["24"]}} in post
    assert {"terms": {"stars": [5]}} in post
    assert {"terms": {"buy_online": [True]}} in post
    assert {"price": {"gte": 0, "lt": 100000}} in clauses(post, "range")
    aggs = body["aggs"]
    assert set(aggs) == {f"facet_{name}" for name in FACETS}
    province_scope = json.dumps(aggs["facet_province"]["filter"])
    assert '"province"' not in province_scope and '"stars"' in province_scope and '"price"' in province_scope
    stars_scope = json.dumps(aggs["facet_stars"]["filter"])
    assert '"stars"' not in stars_scope and '"province"' in stars_scope
    assert aggs["facet_district"]["filter"]["bool"]["filter"][0] == {"terms": {"province": ["24"]}}
    assert aggs["facet_group"]["aggs"]["counts"]["terms"]["field"] == "group"
    ranges = aggs["facet_price"]["aggs"]["counts"]["range"]
    assert [r["key"] for r in ranges["ranges"]] == list(PRICE_RANGES) and ranges["keyed"] is True
    assert set(aggs["facet_buy_online"]["aggs"]["counts"]["filters"]["filters"]) == {"0", "1"}


def test_without_filters_every_facet_counts_everything():
    aggs = query_of(q="mat ong")["aggs"]
    assert all(agg["filter"] == {"match_all": {}} for agg in aggs.values())
    assert "post_filter" not in query_of(q="mat ong")


def test_districts_are_counted_only_within_one_chosen_province():
    assert "facet_district" not in query_of()["aggs"]
    assert "facet_district" not in query_of(filters={"province": ["24", "01"], "district": ["218"]})["aggs"]
    assert {"terms": {"district": ["218"]}} in query_of(filters={"district": ["218"]})["post_filter"]["bool"]["filter"]
    scope = query_of(filters={"province": ["24"]})["aggs"]["facet_district"]
    assert scope["filter"] == {"bool": {"filter": [{"terms": {"province": ["24"]}}]}}
    assert scope["aggs"]["counts"]["terms"] == {"field": "district", "size": 100}


def test_a_classification_filter_includes_everything_under_it():
    post = query_of(filters={"subgroup": ["I.2"]})["post_filter"]["bool"]["filter"][0]
    assert {"terms": {"subgroup": ["I.2"]}} in post["bool"]["should"]
    assert {"prefix": {"subgroup": "I.2."}} in post["bool"]["should"]
    assert post["bool"]["minimum_should_match"] == 1


def test_a_producer_page_narrows_the_counts_too():
    body = query_of(producer=7)
    assert {"term": {"producer": 7}} in body["query"]["bool"]["filter"]
    assert "post_filter" not in body


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("relevance", ["_score", {"stars": {"order": "desc"}}]),
        ("newest", [{"decision_date": {"order": "desc"}}]),
        ("price_asc", [{"price": {"order": "asc", "missing": "_last"}}]),
        ("price_desc", [{"price": {"order": "desc", "missing": "_last"}}]),
        ("stars", [{"stars": {"order": "desc"}}, {"decision_date": {"order": "desc"}}]),
    ],
)
def test_sorts(sort, expected):
    assert set(es.SORTS) == set(SORTS)
    sorted_by = query_of(q="mat ong", sort=sort)["sort"]
    assert sorted_by[: len(expected)] == expected
    assert sorted_by[-1] == {"id": {"order": "asc"}}  # a stable order across pages


def test_without_words_relevance_becomes_newest():
    assert query_of(sort="relevance")["sort"][0] == {"decision_date": {"order": "desc"}}


def test_paging():
    body = query_of(q="mat ong", page=3, per_page=24)
    assert (body["from"], body["size"], body["track_total_hits"], body["_source"]) == (48, 24, True, False)
    far = query_of(page=es.MAX_RESULT_WINDOW, per_page=24)  # beyond what can be paged: counts only
    assert far["size"] == 0


def test_suggest_query():
    body = es.build_suggest("Mật o", 8).to_dict()
    must = body["query"]["bool"]["must"]
    assert {"match": {"title.suggest": {"query": "mat", "operator": "and"}}} in must
    assert {"prefix": {"title": "o"}} in must  # one letter is shorter than the shortest n-gram
    assert es.build_suggest("mat on", 8).to_dict()["query"]["bool"]["must"] == [
        {"match": {"title.suggest": {"query": "mat on", "operator": "and"}}}
    ]
    assert es.build_suggest("  ?! ", 8) is None


# --- the service -------------------------------------------------------------------------------------


def test_the_service_uses_elasticsearch_when_a_url_is_set(settings):
    settings.ELASTICSEARCH_URL = "http://localhost:9200"
    assert service.backend() is es
    settings.ELASTICSEARCH_URL = ""
    assert service.backend().__name__ == "catalog.search.backends.db"


def test_one_client_per_url(settings):
    settings.ELASTICSEARCH_URL = "http://localhost:9200"
    assert es.client() is es.client()
    settings.ELASTICSEARCH_URL = "http://localhost:9201"
    assert es.client() is not es._client("http://localhost:9200")


@pytest.mark.django_db
def test_facets_are_read_as_the_database_backend_shows_them(admin_units):
    aggregations = {  # the shape of Elasticsearch's answer to build_query's aggregations
        "facet_province": {
            "doc_count": 7,
            "counts": {"buckets": [{"key": "24", "doc_count": 6}, {"key": "66", "doc_count": 1}]},
        },
        "facet_district": {"doc_count": 7, "counts": {"buckets": [{"key": "218", "doc_count": 6}]}},
        "facet_group": {"doc_count": 7, "counts": {"buckets": [{"key": "I", "doc_count": 7}]}},
        "facet_subgroup": {
            "doc_count": 7,
            "counts": {"buckets": [{"key": "I.5.a", "doc_count": 1}, {"key": "I.2.b", "doc_count": 6}]},
        },
        "facet_stars": {
            "doc_count": 7,
            "counts": {"buckets": [{"key": 4, "doc_count": 5}, {"key": 3, "doc_count": 1}, {"key": 5, "doc_count": 1}]},
        },
        "facet_price": {
            "doc_count": 7,
            "counts": {
                "buckets": {
                    "0-100000": {"from": 0.0, "to": 100000.0, "doc_count": 3},
                    "100000-300000": {"from": 100000.0, "to": 300000.0, "doc_count": 3},
                    "300000-1000000": {"from": 300000.0, "to": 1000000.0, "doc_count": 0},
                    "1000000-": {"from": 1000000.0, "doc_count": 0},
                }
            },
        },
        "facet_buy_online": {
            "doc_count": 7,
            "counts": {"buckets": {"1": {"doc_count": 6}, "0": {"doc_count": 1}}},
        },
    }
    facets = service.label_facets(es.facet_counts(aggregations), {"province": ["66"], "stars": ["5"]})
    assert list(facets) == list(FACETS)
    assert [(v.value, v.label, v.count, v.selected) for v in facets["province"]] == [
        ("24", "Bắc Giang", 6, False),
        ("66", "Đắk Lắk", 1, True),
    ]
    assert [v.label for v in facets["district"]] == ["Lục Nam"]
    assert [(v.value, v.label) for v in facets["subgroup"]][0][0] == "I.2.b"  # by code
    assert facets["subgroup"][0].label.startswith("I.2.b ")
    assert [(v.value, v.label, v.selected) for v in facets["stars"]] == [
        ("5", "5★", True),
        ("4", "4★", False),
        ("3", "3★", False),
    ]
    assert [(v.value, v.count) for v in facets["price"]] == [("0-100000", 3), ("100000-300000", 3)]
    assert facets["price"][0].label == "0 – 100.000 ₫"
    assert [(v.value, v.count) for v in facets["buy_online"]] == [("1", 6), ("0", 1)]


@pytest.mark.django_db
def test_an_unreachable_server_is_answered_by_the_database(admin_units, unreachable, caplog):
    producer = ProducerFactory(name="HTX Huyền Sơn", legacy_province_id="24", legacy_district_id="218")
    ProductFactory(title="Mật ong hoa vải Lục Nam", producer=producer, price=250000)
    ProductFactory(title="Chè Tân Cương", producer=producer)
    with caplog.at_level(logging.WARNING, logger="catalog.search.backends.es"):
        result = search(SearchRequest(q="mat ong"))
        assert [p.title for p in result.products] == ["Mật ong hoa vải Lục Nam"] and result.total == 1
        assert [p.title for p in suggest("mat o")] == ["Mật ong hoa vải Lục Nam"]
    assert "answering from the database" in caplog.text


@pytest.mark.django_db
def test_the_update_task_inline_logs_an_unreachable_server_instead_of_failing(unreachable, caplog):
    with caplog.at_level(logging.ERROR, logger="catalog.search.tasks"):
        update_elasticsearch.delay([1, 2])  # inline: CELERY_TASK_ALWAYS_EAGER in tests
    assert "not re-indexed" in caplog.text


def test_the_update_task_retries_on_a_worker_while_the_server_is_unreachable():
    from elasticsearch import ConnectionError, ConnectionTimeout

    assert set(update_elasticsearch.autoretry_for) == {ConnectionError, ConnectionTimeout}
    assert update_elasticsearch.max_retries >= 3 and update_elasticsearch.retry_backoff


# --- against a real Elasticsearch 8 server (only when ELASTICSEARCH_URL is set) ----------------------


@pytest.fixture
def es_shop(es_index, admin_units):
    luc_nam = ProducerFactory(name="Hợp tác xã Huyền Sơn", legacy_province_id="24", legacy_district_id="218")
    dak_lak = ProducerFactory(name="Công ty Cà phê Ban Mê", legacy_province_id="66", legacy_district_id="643")
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    tea, coffee, fruit = (Category.objects.get(code=code) for code in ("I.5.a", "I.6", "I.3.c"))
    shop = {
        "honey": ProductFactory(
            title="Mật ong hoa vải Lục Nam", producer=luc_nam, price=250000, description="Mật ong nguyên chất."
        ),
        "cordyceps": ProductFactory(title="Đông trùng hạ thảo Lục Nam", producer=luc_nam, certificate__stars=5),
        "tea": ProductFactory(title="Chè Tân Cương", producer=luc_nam, price=120000, subgroup=tea),
        "pineapple": ProductFactory(title="Dứa Bảo Sơn", producer=luc_nam, price=30000, subgroup=fruit),
        "coconut": ProductFactory(title="Kẹo dừa Bến Tre", producer=luc_nam, price=45000, subgroup=fruit),
        "coffee": ProductFactory(
            title="Cà phê rang xay", producer=dak_lak, price=180000, certificate__stars=3, subgroup=coffee
        ),
        "revoked_honey": ProductFactory(
            title="Mật ong bị thu hồi", producer=luc_nam, price=99000, certificate__status=Status.REVOKED
        ),
    }
    es.rebuild()
    return shop


def titles(q, **kwargs):
    return [p.title for p in search(SearchRequest(q=q, **kwargs)).products]


class TestAgainstElasticsearch:
    pytestmark = [
        pytest.mark.skipif(
            not os.environ.get("ELASTICSEARCH_URL"),
            reason="set ELASTICSEARCH_URL (e.g. http://localhost:9200) to run against a real Elasticsearch 8 server",
        ),
        pytest.mark.django_db,
    ]

    def test_rebuild_indexes_the_listable_products_behind_the_alias(self, es_index, admin_units):
        ProductFactory.create_batch(3, producer=ProducerFactory(legacy_province_id="24"))
        ProductFactory(certificate__status=Status.SUSPENDED)
        done = []
        name = es.rebuild(progress=done.append)
        assert sum(done) == 3
        client = es.client()
        assert list(client.indices.get_alias(name=es_index)) == [name]
        assert client.count(index=es_index)["count"] == 3

    def test_the_alias_serves_exactly_one_index_after_two_rebuilds(self, es_shop, es_index):
        second = es.rebuild()
        client = es.client()
        assert list(client.indices.get_alias(name=es_index)) == [second]
        assert list(client.indices.get_alias(index=f"{es_index}-*")) == [second]  # the older one is gone
        assert search(SearchRequest(q="mat ong")).total == 1

    def test_a_revoked_product_leaves_results_and_counts_once_updated(self, es_shop):
        honey = es_shop["honey"]
        honey.certificate.status = Status.REVOKED
        honey.certificate.save()
        # Before the index hears of it, the listing rule already keeps it off the page.
        assert titles("mat ong") == []
        es.update([honey.pk, es_shop["revoked_honey"].pk], refresh=True)
        result = search(SearchRequest(q="mat ong"))
        assert result.total == 0 and result.products == []
        assert not es.client().exists(index=es.alias(), id=str(honey.pk))
        everything = search(SearchRequest())
        assert everything.total == 5 and sum(v.count for v in everything.facets["province"]) == 5
        assert "Mật ong" not in " ".join(p.title for p in suggest("mat o"))

    def test_update_indexes_a_newly_listed_product(self, es_shop):
        product = ProductFactory(title="Mật ong rừng Huyền Sơn", producer=es_shop["honey"].producer, price=300000)
        assert "Mật ong rừng Huyền Sơn" not in titles("mat ong rung")
        es.update([product.pk], refresh=True)
        assert titles("mat ong rung")[0] == "Mật ong rừng Huyền Sơn"

    def test_an_expired_certificate_is_not_returned_even_before_reindexing(self, es_shop):
        honey = es_shop["honey"]
        yesterday = local_today() - datetime.timedelta(days=1)
        # As the index stands the morning after the last valid day: still indexed, its date past
        # (the database still says valid, so only the query's own date filter can keep it out).
        (honey_document,) = documents([honey.pk])
        stale = {**es.source(honey_document), "valid_until": yesterday.isoformat()}
        es.client().index(
            index=es.alias(),
            id=str(honey.pk),
            document=stale,
            version=es._version(),
            version_type="external",
            refresh=True,
        )
        result = search(SearchRequest(q="mat ong"))
        assert result.total == 0 and result.products == []
        assert suggest("mat o") == []
