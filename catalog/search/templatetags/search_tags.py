from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

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


# A facet's values are the sidebar's longest part (the 63 provinces, a province's districts): made
# here in one pass rather than by the template's loop, which looks up each of a value's fields.


def _counter():
    """How a count is written (as the template would: grouped only with USE_THOUSAND_SEPARATOR)."""
    return localize if settings.USE_THOUSAND_SEPARATOR else str


@register.simple_tag
def facet_options(facet):
    """The ``<option>`` elements of a facet shown as a list to choose from (provinces, districts)."""
    count = _counter()
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'<option value="{escape(v.value)}"{" selected" if v.selected else ""}>'
            f"{escape(v.label)} ({count(v.count)})</option>"
            for v in facet["values"]
        )
    )


@register.simple_tag
def facet_checkboxes(facet):
    """The ``<li>`` checkboxes of a facet's values (groups, stars, price ranges…)."""
    count, name = _counter(), escape(facet["name"])
    return mark_safe(  # noqa: S308 - every value is escaped here
        "".join(
            f'<li class="facet__value"><input type="checkbox" id="facet-{name}-{n}" name="{name}"'
            f' value="{escape(v.value)}"{" checked" if v.selected else ""}> <label for="facet-{name}-{n}">'
            f'{escape(v.label)}</label> <span class="facet__count">{count(v.count)}</span></li>'
            for n, v in enumerate(facet["values"], 1)
        )
    )
