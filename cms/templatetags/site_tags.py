"""``{% site_operator as operator %}``: who runs the site and its policy pages (cms/operator.py)."""

from django import template

from ..operator import site_operator as read_site_operator

register = template.Library()


@register.simple_tag(takes_context=True)
def site_operator(context):
    return read_site_operator(context.get("request"))
