"""Order and line statuses in words: they are stored as English codes (``awaiting_payment``,
``at_point``) and shown translated (marketplace/order/statuses.py).

    {% load order_tags %}
    {{ order.status|order_status }}   → "Chờ thanh toán"
    {{ line.status|line_status }}     → "Đang chờ tại điểm bán"

A status no longer known (an order from before a change of the pipeline) shows as stored.
"""

from django import template

from marketplace.order.statuses import LINE_LABELS, ORDER_LABELS

register = template.Library()


@register.filter
def order_status(code):
    return ORDER_LABELS.get(code, code)


@register.filter
def line_status(code):
    return LINE_LABELS.get(code, code)
