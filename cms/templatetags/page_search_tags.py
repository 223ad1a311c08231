"""``{% page_results query %}``: the news, stories, fairs, live sessions and site pages that
match a product search, as a short list above the products (cms/search.py)."""

from django import template

from ..search import search_pages

register = template.Library()

#: How many pages a product search shows; they are the side dish, the products the meal.
LIMIT = 4


@register.inclusion_tag("cms/page_results.html")
def page_results(query):
    return {"pages": search_pages(query, LIMIT), "query": query}
