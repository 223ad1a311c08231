"""``{% page_results query %}``: the news, stories, fairs, live sessions and site pages that
match a product search, as a short list above the products (cms/search.py)."""

from django import template

from marketplace.pagecache import DAY, kept

from ..search import search_pages

register = template.Library()

#: How many pages a product search shows; they are the side dish, the products the meal.
LIMIT = 4


@register.inclusion_tag("cms/page_results.html", takes_context=True)
def page_results(context, query):
    """The pages as (address, title, kind), kept like a piece of the page (language, listing
    generation — which every publication or change of a page bumps — and day) for the query and
    the host the addresses are made for: a busy search loads no page."""
    request = context.get("request")

    def found():
        return [
            (page.get_url(request), page.title, str(page.specific_class.get_verbose_name()))
            for page in search_pages(query, LIMIT)
        ]

    host = request.get_host() if request is not None else ""
    return {"results": kept("page-results", host, query, make=found, clock=DAY), "query": query}
