from django import template
from django.utils.safestring import mark_safe

from ..richtext import sanitize_html

register = template.Library()


@register.filter
def sanitize(html):
    """Rich text for output: sanitised here whatever was stored (see catalog/catalogue/richtext.py)."""
    return mark_safe(sanitize_html(html))  # safe: only the allowed tags are left
