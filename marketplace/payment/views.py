"""The Stripe webhook, and the page Stripe sends the shopper back to after a card payment."""

import logging
import re

import stripe
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from oscar.core.loading import get_model

from marketplace.payment import webhooks
from marketplace.payment.methods.stripe import CODE, PAYABLE, Card, client
from marketplace.payment.records import is_paid

logger = logging.getLogger(__name__)

Source = get_model("payment", "Source")
PAYMENT_INTENT_ID = re.compile(r"pi_[A-Za-z0-9]{1,200}\Z")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: 400 unless the signature verifies, then 200 whether the event was new,
    a replay or of no interest (what it did is kept on its :class:`StripeEvent`)."""
    try:
        event = webhooks.verified_event(request.body, request.headers.get("Stripe-Signature"))
    except webhooks.InvalidEvent as error:
        logger.warning("Stripe webhook refused: %s", error)
        return HttpResponseBadRequest("Invalid Stripe event.", content_type="text/plain")
    row, processed = webhooks.handle(event)
    return JsonResponse({"received": row.event_id, "outcome": row.outcome, "replay": not processed})


def order_page_url(request, order):
    """Where the shopper follows the order: their account's order page, or a guest's tracking link."""
    if order.user_id is None:
        return reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    if request.user.is_authenticated and request.user.pk == order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return ""


@never_cache
@require_GET
def card_return(request):
    """Where Stripe sends the shopper after the card form (``?payment_intent=…&
    payment_intent_client_secret=…&redirect_status=…``). It shows where the payment stands and
    never records it: only the webhook does. A payment not made yet, or that did not go through,
    shows the card form (again): the link also serves to come back and pay later."""
    intent_id = request.GET.get("payment_intent", "")
    secret = request.GET.get("payment_intent_client_secret", "")
    if not (PAYMENT_INTENT_ID.match(intent_id) and secret):
        raise Http404
    source = Source.objects.filter(source_type__code=CODE, reference=intent_id).select_related("order").first()
    if source is None:
        raise Http404
    order = source.order
    try:
        intent = client().v1.payment_intents.retrieve(intent_id)
    except stripe.StripeError as error:
        logger.warning("Stripe unreachable on the card return page of order %s: %s", order.number, error)
        context = {"order": order, "unreachable": True, "order_url": order_page_url(request, order)}
        return render(request, "payment/card_return.html", context, status=503)
    if not constant_time_compare(intent.client_secret or "", secret):
        raise Http404
    paid = is_paid(order)
    error = intent.to_dict().get("last_payment_error") or {}
    context = {
        "order": order,
        "paid": paid,
        "status": intent.status,
        "error": error.get("message") or "",
        "failed": bool(error) or request.GET.get("redirect_status") == "failed",
        "order_url": order_page_url(request, order),
    }
    if not paid and (intent.status in PAYABLE or intent.status == "canceled"):
        context.update(Card().start(request, order).context)
    return render(request, "payment/card_return.html", context)
