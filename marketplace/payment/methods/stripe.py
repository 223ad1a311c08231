"""Card payments through Stripe PaymentIntents, with Stripe's Payment Element.

Placing a card order creates one PaymentIntent for the order's total (VND has no minor unit:
150000 is 150.000 ₫), carrying the order number in its metadata; asking again reuses it, so a
reloaded page or a second tab never charges twice. The shopper types the card into Stripe's own
form (Stripe.js, from Stripe; our code is ``themes/default/static/theme/js/card-payment.js``),
Stripe confirms the payment and sends the shopper back to :func:`card_return
<marketplace.payment.views.card_return>`, which only shows where the payment stands. The order
is marked paid by the signed webhook (:mod:`marketplace.payment.webhooks`) and nothing else.

Staff refund all or part of a card payment from the order's dashboard page (:meth:`Card.refund`).
"""

import logging
from urllib.parse import urlsplit

import stripe
from csp.constants import SELF
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.middleware import csp_allow
from marketplace.payment import records

from . import PaymentMethod, Start

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")

CODE = "card"
STRIPE_JS_ORIGIN = "https://js.stripe.com"
#: What the shopper's browser may still do with a PaymentIntent in these states: enter a card.
PAYABLE = ("requires_payment_method", "requires_confirmation", "requires_action")


class RefundRefused(Exception):
    """A refund that was not made, with the reason for the staff member who asked."""


def client():
    """Stripe's own client, on ``STRIPE_API_BASE`` (Stripe, or localstripe in the tests)."""
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE}, max_network_retries=2
    )


def dong(amount):
    """``150000`` → ``"150.000 ₫"``."""
    return f"{intcomma(int(amount)).replace(',', '.')} ₫"


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy():
    """What the card page adds to the storefront's policy: Stripe.js, its frames and its API
    (Stripe's CSP guide), or the local stand-in's origins when the tests point there."""
    js, api = _origin(settings.STRIPE_JS_URL), _origin(settings.STRIPE_API_BASE)
    scripts, frames = [js], [js]
    if js == STRIPE_JS_ORIGIN:
        scripts.append("https://*.js.stripe.com")
        frames += ["https://*.js.stripe.com", "https://hooks.stripe.com"]
    return {"script-src": scripts, "frame-src": [SELF, *frames], "connect-src": [SELF, api, js]}


def _key(order, *parts):
    """An idempotency key for a Stripe request about ``order``: the order's number and the time it
    was placed (a test database reset reuses numbers, never both)."""
    return "-".join(["ocop", order.number, str(int(order.date_placed.timestamp())), *map(str, parts)])


def card_source(order):
    """The order's card payment source (its ``reference`` is the PaymentIntent's id), or None."""
    return order.sources.filter(source_type__code=CODE).first()


class Card(PaymentMethod):
    code = CODE
    label = _("Bank card")
    description = _("Visa, Mastercard, JCB or American Express, paid now through Stripe's secure form.")
    paid_upfront = True

    def unavailable_reason(self, total, shipping_address=None):
        if not (settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY):
            return _("Card payments are not set up on this shop yet; please choose another way to pay.")
        return ""

    @transaction.atomic
    def payment_intent(self, order):
        """The order's PaymentIntent: created once (for its total, in VND, with its number in the
        metadata), then reused; a new one only if Stripe cancelled the last."""
        order = Order.objects.select_for_update().get(pk=order.pk)
        source = records.payment_source(order, CODE)
        if source.reference:
            intent = client().v1.payment_intents.retrieve(source.reference)
            if intent.status != "canceled":
                return intent
        intent = client().v1.payment_intents.create(
            params={
                "amount": int(order.total_incl_tax),
                "currency": order.currency.lower(),
                "payment_method_types": ["card"],
                "metadata": {"order_number": order.number},
            },
            options={"idempotency_key": _key(order, "card", source.reference or "first")},
        )
        source.reference = intent.id
        source.save(update_fields=["reference"])
        return intent

    def start(self, request, order):
        intent = self.payment_intent(order)
        if request is not None:
            csp_allow(request, content_security_policy())
        return Start(
            template="payment/card.html",
            context={
                "card_payment": {
                    "order": order,
                    "amount": int(order.total_incl_tax),
                    "status": intent.status,
                    "payable": intent.status in PAYABLE,
                    "client_secret": intent.client_secret,
                    "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                    "js_url": settings.STRIPE_JS_URL,
                    "return_url": request.build_absolute_uri(reverse("payment:card-return")) if request else "",
                }
            },
        )

    def refund(self, order, amount, user=None, already_refunded=None):
        """Give ``amount`` đồng of the order's card payment back through Stripe and record it
        (the webhook that reports it later finds it recorded). ``already_refunded`` is what was
        refunded when staff confirmed: if it changed meanwhile (a form sent twice, a colleague's
        refund), nothing is done. Raises :class:`RefundRefused` with the reason."""
        amount = int(amount)
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order.pk)
            source = card_source(order)
            paid = int(source.amount_debited) if source else 0
            refunded = int(source.amount_refunded) if source else 0
            if not paid or not source.reference:
                raise RefundRefused(gettext("This order has no card payment to refund."))
            if already_refunded is not None and int(already_refunded) != refunded:
                raise RefundRefused(
                    gettext("A refund was recorded since you opened this page: check the amounts and try again.")
                )
            if not 0 < amount <= paid - refunded:
                raise RefundRefused(
                    gettext("You can refund from 1 ₫ up to %(left)s.") % {"left": dong(paid - refunded)}
                )
            try:
                refund = client().v1.refunds.create(
                    params={
                        "payment_intent": source.reference,
                        "amount": amount,
                        "metadata": {"order_number": order.number, "staff": user.get_username() if user else ""},
                    },
                    options={"idempotency_key": _key(order, "refund", refunded, amount)},
                )
            except stripe.StripeError as error:
                logger.warning("Stripe refused the refund of %s for order %s: %s", amount, order.number, error)
                raise RefundRefused(
                    gettext("Stripe refused the refund: %(reason)s") % {"reason": error.user_message or error}
                ) from error
            if refund.status == "succeeded":
                records.record_refund(order, CODE, refund.amount, reference=refund.id, currency=refund.currency.upper())
            order.notes.create(
                user=user,
                note_type="System",
                message=gettext("Card refund of %(amount)s through Stripe (%(refund)s): %(status)s.")
                % {"amount": dong(refund.amount), "refund": refund.id, "status": refund.status},
            )
        return refund
