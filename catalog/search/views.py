import json

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from marketplace.pagecache import DAY, PublicPageView, kept, public_page

from .query import FACETS, SORTS, SearchRequest, clean_query, counted_facets
from .service import search
from .service import suggest as suggest_products

# Facets of long lists (63 provinces; a province's districts): one select each, not a box per value.
SELECT_FACETS = ("province", "district")


def search_request(params, **preset):
    """A SearchRequest from the query string (?q=…&province=24&stars=5&sort=…&page=2)."""
    try:
        page = int(params.get("page", 1))
    except ValueError:
        page = 1
    filters = {name: params.getlist(name) for name in FACETS if params.getlist(name)}
    filters.update(preset.pop("filters", {}))
    return SearchRequest(q=params.get("q", ""), filters=filters, sort=params.get("sort", ""), page=page, **preset)


class FacetedListMixin:
    """Runs the search service for a page of products with facets; subclasses may preset
    filters (a group, a province, a producer) with :meth:`preset`. The page gets ``facets``, the
    sidebar form's fields ({name, label, values, select, chosen}; districts only with one
    province), ``chosen``, the filters chosen in the URL as (facet name, FacetValue), and ``kept``,
    those the form has no field for (a district with several provinces), as (name, value)."""

    def preset(self):
        return {}

    def get_context_data(self, **kwargs):
        request = search_request(self.request.GET, **self.preset())
        result = search(request)
        if result.page > result.num_pages:
            raise Http404("no such page")
        fixed = set(self.preset().get("filters", {}))
        shown = {name: values for name, values in result.facets.items() if name not in fixed}
        counted = counted_facets(request.filters)
        facets = [
            {
                "name": name,
                "label": FACETS[name],
                "values": values,
                "select": name in SELECT_FACETS,
                "chosen": [value.value for value in values if value.selected],
            }
            for name, values in shown.items()
            if values and name in counted
        ]
        chosen = [(name, value) for name, values in shown.items() for value in values if value.selected]
        in_form = {facet["name"] for facet in facets}
        return super().get_context_data(
            search=request,
            result=result,
            products=result.products,
            facets=facets,
            chosen=chosen,
            kept=[(name, value.value) for name, value in chosen if name not in in_form],
            sorts=[(key, label) for key, label in SORTS.items() if key != "relevance" or request.q],
            **kwargs,
        )


class SearchView(PublicPageView, FacetedListMixin, TemplateView):
    template_name = "oscar/search/results.html"


@require_GET
@public_page
@cache_control(public=True, max_age=60)
def suggest(request):
    """Autocomplete for the search box: JSON ``{query, results: [{title, url, producer, place,
    stars}]}``. The answer is kept whole, as text, per query like a piece of a page (language,
    listing generation, day; :func:`~marketplace.pagecache.kept`): shoppers type the same first
    letters, and most keystrokes are answered from the worker's memory — no product loaded, no
    round trip to the cache, nothing encoded again."""
    q = clean_query(request.GET.get("q", ""))
    body = kept("suggest", q, make=lambda: _answer(q), text=True, clock=DAY)
    return HttpResponse(body, content_type="application/json")


def _answer(q):
    results = [
        {
            "title": p.title,
            "url": p.get_absolute_url(),
            "producer": p.producer.name,
            "place": p.producer.legacy_province.short_name if p.producer.legacy_province else "",
            "stars": p.stars,
        }
        for p in (suggest_products(q) if len(q) >= 2 else [])
    ]
    return json.dumps({"query": q, "results": results}, ensure_ascii=False).encode()
