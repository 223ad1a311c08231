from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def payment_start(context, start):
    """What a payment method shows once its order is placed (a
    :class:`marketplace.payment.methods.Start`: the card form, the transfer's QR code)."""
    if not start or not start.template:
        return ""
    return render_to_string(start.template, start.context, request=context.get("request"))
