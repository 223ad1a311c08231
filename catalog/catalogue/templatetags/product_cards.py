from django import template

from ..cards import render_cards

register = template.Library()


@register.simple_tag(takes_context=True)
def product_cards(context, products, eager_first=False):
    """The ``<li>`` cards of a product grid, each rendered once per version and language
    (catalog/catalogue/cards.py)."""
    return render_cards(products, context, eager_first)
