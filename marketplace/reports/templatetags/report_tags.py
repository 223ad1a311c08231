"""How a report's cells read: counts with thousands dots, VND amounts "120.000 ₫", dates
dd/mm/yyyy, months mm/yyyy, ratios "×1,52"."""

from urllib.parse import urlencode

from django import template
from django.utils import formats
from oscar.templatetags.currency_filters import currency

from ..figures import COUNT, DATE, MONEY, MONTH, RATIO

register = template.Library()


@register.filter
def report_cell(value, kind):
    if value is None or value == "":
        return "–"
    if kind == COUNT:
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if kind == MONEY:
        return currency(value, "VND")
    if kind == DATE:
        return value.strftime("%d/%m/%Y")
    if kind == MONTH:
        return value.strftime("%m/%Y")
    if kind == RATIO:
        return "×" + formats.number_format(value, 2, use_l10n=True)
    return value


@register.filter
def chart_value(value):
    """A charted cell's number as the chart reads it (plain digits, a dot for decimals)."""
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value)


@register.filter
def urlencode_query(query):
    """A dict of the report's address parameters as a query string."""
    return urlencode(query)


@register.filter
def with_period(query, period):
    """The query string of the same report for another period."""
    return urlencode({**query, "period": period.key})
