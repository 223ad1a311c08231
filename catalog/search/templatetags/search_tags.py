from django import template
from django.utils.html import format_html_join

from catalog.search.query import FACETS

register = template.Library()


@register.simple_tag(takes_context=True)
def query_url(context, **changes):
    """The current URL's query string with ``changes`` (None removes a parameter)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def toggle_url(context, name, value):
    """The URL that selects or unselects one facet value (back to page 1)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    params.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def query_inputs(context):
    """Hidden inputs carrying the current query (q, sort, …) into the facet form: all but the
    facets, which the form's own fields hold, and the page, which starts again at 1."""
    params = context["request"].GET
    kept = [(key, value) for key in params if key not in FACETS and key != "page" for value in params.getlist(key)]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', kept)
