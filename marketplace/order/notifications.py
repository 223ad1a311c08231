"""The order e-mails: to the customer as the order moves on, and to each producer for its lines.

Customer (in their language):

- ``ORDER_PLACED`` (Oscar's), sent by the checkout right after placement: the lines grouped by
  producer, the delivery, the payment method, the total, and — for a card or transfer order
  still waiting for its money — that the order starts once paid;
- ``ORDER_PAID`` when a card or transfer order is paid (awaiting payment → placed);
- ``ORDER_SHIPPED``, ``ORDER_READY_FOR_PICKUP``, ``ORDER_CANCELLED`` when the order's status
  (rolled up from its lines) becomes one of those; the cancellation says each producer's reason
  (``cancelled_lines``, from moves.py).

Producer (in the site's language): ``PRODUCER_ORDER_PLACED`` when the order becomes ``placed``
(it may proceed: cash on delivery at once, the other methods once paid): ONE e-mail to each
producer with lines in the order — to its contact address and its users — listing only its own
lines, the delivery and a link to the order in the dashboard, never the other producers' lines
nor anything about the payment.

Each e-mail goes once per order (once per order and producer for the producers'): sending is
recorded as an Oscar ``CommunicationEvent`` of the order (staff see them on the order's dashboard
page), checked under a lock on the order row, so a status set twice or a signal sent twice sends
nothing more. E-mails go out when the transaction that changed the order commits (an order rolled
back is never announced); a mail server that refuses one is logged and does not undo the order.

Language: an order does not record the language it was placed in. The ``ORDER_PLACED`` e-mail is
rendered during the checkout, in the language the shopper is using; the later e-mails are sent
from a webhook or the dashboard, in the customer's account language when there is one
(:func:`marketplace.emails.user_language`), else the site's (Vietnamese).

The texts are communication event types (migration ``0024_email_event_types``), editable by
staff under Content → Email templates; the defaults are the theme's templates
``oscar/communication/emails/commtype_<code>_*``.
"""

import logging
import smtplib
from itertools import groupby
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from oscar.apps.order.utils import OrderDispatcher as OscarOrderDispatcher
from oscar.core.loading import get_model

from marketplace import emails
from marketplace.payment import methods
from marketplace.payment.records import is_paid
from marketplace.phones import PhoneError, normalise_phone
from marketplace.producers import notices
from marketplace.producers.notices import producer_addresses
from marketplace.salespoints.models import SalesPoint
from marketplace.shipping.methods import HomeDelivery, NoShippingRequired, pickup_point_id

from . import statuses
from .moves import cancel_reasons

log = logging.getLogger(__name__)

Order = get_model("order", "Order")
CommunicationEvent = get_model("order", "CommunicationEvent")
CommunicationEventType = get_model("communication", "CommunicationEventType")


class Event:
    """The codes of the communication event types (created by migration 0024)."""

    ORDER_PLACED = "ORDER_PLACED"  # Oscar's
    ORDER_PAID = "ORDER_PAID"
    ORDER_SHIPPED = "ORDER_SHIPPED"
    ORDER_READY_FOR_PICKUP = "ORDER_READY_FOR_PICKUP"
    ORDER_CANCELLED = "ORDER_CANCELLED"
    PRODUCER_ORDER_PLACED = "PRODUCER_ORDER_PLACED"


#: The customer's e-mail when the order's status becomes one of these.
STATUS_EMAILS = {
    statuses.SHIPPED: Event.ORDER_SHIPPED,
    statuses.READY_FOR_PICKUP: Event.ORDER_READY_FOR_PICKUP,
    statuses.CANCELLED: Event.ORDER_CANCELLED,
}


# --- what the e-mails say ---------------------------------------------------------------------
def tracking_url(order):
    """Where the customer follows the order: their account's order page, or a guest's link."""
    if order.user_id is None:
        path = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    else:
        path = reverse("customer:order", kwargs={"order_number": order.number})
    return emails.absolute_url(path)


def payment_method(order):
    """The payment method chosen for ``order`` (from its payment source), or None."""
    for source in order.sources.select_related("source_type"):
        try:
            return methods.get(source.source_type.code)
        except KeyError:
            continue
    return None


def delivery(order):
    """How the order reaches the customer, in the active language: ``label`` (the method),
    ``point`` (the sales point of a pickup), and the recipient's ``name``, ``phone``, ``address``
    and ``notes`` from the shipping address."""
    point_id = pickup_point_id(order.shipping_code)
    point = SalesPoint.objects.filter(pk=point_id).first() if point_id else None
    if point is not None:
        label = gettext("Pickup at %(point)s") % {"point": point.name}
    elif order.shipping_code == HomeDelivery.code:
        label = gettext(HomeDelivery.name)
    elif order.shipping_code == NoShippingRequired.code:
        label = gettext(NoShippingRequired.name)
    else:
        label = order.shipping_method
    info = {"label": label, "point": point, "name": "", "phone": "", "address": "", "notes": ""}
    address = order.shipping_address
    if address is not None:
        try:
            phone = normalise_phone(str(address.phone_number or ""))
        except PhoneError:
            phone = str(address.phone_number)
        info.update(
            name=address.salutation,
            phone=phone,
            address=", ".join(
                part for part in (address.line1, address.line2, address.line3, address.line4, address.state) if part
            ),
            notes=address.notes,
        )
    return info


def lines_by_producer(lines):
    """``[{"producer": name, "lines": [...]}]``, one entry per producer, in name order."""
    lines = sorted(lines, key=lambda line: (line.partner_name, line.pk))
    return [
        {"producer": name, "lines": list(group)} for name, group in groupby(lines, key=lambda line: line.partner_name)
    ]


def cancelled_lines(order):
    """The order's cancelled lines whose producer gave a reason, each with it (``line.cancel_reason``)."""
    lines = list(order.lines.filter(status=statuses.LINE_CANCELLED).order_by("partner_name", "pk"))
    reasons = cancel_reasons(lines)
    for line in lines:
        line.cancel_reason = reasons.get(line.pk, "")
    return [line for line in lines if line.cancel_reason]


def customer_context(order):
    method = payment_method(order)
    info = delivery(order)
    paid = is_paid(order)
    return {
        "order": order,
        "customer_name": info["name"],
        "producer_lines": lines_by_producer(order.lines.all()),
        "delivery": info,
        "payment_method": str(method.label) if method else "",
        "awaiting_payment": order.status == statuses.AWAITING_PAYMENT,
        "paid": paid,
        "shipments": list(order.shipments.all()),
        "cancelled_lines": cancelled_lines(order),
        "tracking_url": tracking_url(order),
    }


def producer_context(order, producer, lines):
    return {
        "order": order,
        "producer": producer,
        "lines": lines,
        "delivery": delivery(order),
        "dashboard_url": emails.absolute_url(
            reverse("dashboard:order-lines") + "?" + urlencode({"order": order.number})
        ),
    }


def customer_language(order):
    """The language of the e-mails sent after the checkout (see the module's docstring)."""
    return emails.user_language(order.user) if order.user_id else settings.LANGUAGE_CODE


# --- sending each once ------------------------------------------------------------------------
def _event_type(code):
    event_type, _ = CommunicationEventType.objects.get_or_create(
        code=code, defaults={"name": code, "category": CommunicationEventType.ORDER_RELATED}
    )
    return event_type


def _locked_unless_sent(order_id, code):
    """The order, locked until the transaction ends, and the event type of ``code``; the order
    is ``None`` when that e-mail was sent already."""
    event_type = _event_type(code)
    order = Order.objects.select_for_update().get(pk=order_id)
    if CommunicationEvent.objects.filter(order=order, event_type=event_type).exists():
        return None, event_type
    return order, event_type


def send_to_customer(order_id, code, extra_context=None, language=None):
    """Send the customer's e-mail ``code`` about the order, unless it was sent already or the
    customer gave no e-mail address; in ``language`` (default: :func:`customer_language`).
    Returns whether it was sent."""
    try:
        with transaction.atomic():
            order, _ = _locked_unless_sent(order_id, code)
            if order is None:
                return False
            if not order.email:
                log.info("Order %s: no customer e-mail address, %s not sent", order.number, code)
                return False
            language = language or customer_language(order)
            with translation.override(language):
                messages = emails.render(code, {**(extra_context or {}), **customer_context(order)}, language)
            if not (messages["subject"] and (messages["body"] or messages["html"])):
                log.warning("Order %s: e-mail %s is empty (emptied by staff?), not sent", order.number, code)
                return False
            # Oscar's: to the guest's address or the user's (kept in their account), recorded
            # as the order's communication event.
            OscarOrderDispatcher(logger=log).dispatch_order_messages(order, messages, code)
            return True
    except (smtplib.SMTPException, OSError):
        log.exception("Order %s: e-mail %s to the customer not sent", order_id, code)
        return False


def new_order_notice(order, producer, lines):
    """The producer's "new order" notice, on its dashboard (the e-mail of notify_producers says
    more, so the notice is not e-mailed)."""
    return notices.notify(
        producer,
        notices.Kind.NEW_ORDER,
        order.number,
        {"number": order.number, "lines": len(lines)},
        url=f"{reverse('dashboard:order-lines')}?order={order.number}",
        email=False,
    )


def notify_producers(order_id):
    """E-mail each producer of the order its own lines, once per order (the event is recorded
    when every producer's e-mail has been tried; one refused by the mail server is logged)."""
    with transaction.atomic():
        order, event_type = _locked_unless_sent(order_id, Event.PRODUCER_ORDER_PLACED)
        if order is None:
            return 0
        sent = 0
        lines = order.lines.select_related("partner", "stockrecord__product").order_by("partner_id", "pk")
        # Producers have no language setting: they read the site's language, Vietnamese.
        with translation.override(settings.LANGUAGE_CODE):
            for producer, own in groupby(lines, key=lambda line: line.partner):
                if producer is None:
                    continue
                own = list(own)
                new_order_notice(order, producer, own)
                notices.check_low_stock([line.stockrecord for line in own if line.stockrecord_id])
                addresses = producer_addresses(producer)
                if not addresses:
                    log.warning("Order %s: producer %s has no e-mail address", order.number, producer)
                    continue
                try:
                    if emails.send(Event.PRODUCER_ORDER_PLACED, addresses, producer_context(order, producer, own)):
                        sent += 1
                except (smtplib.SMTPException, OSError):
                    log.exception("Order %s: e-mail to producer %s not sent", order.number, producer)
        CommunicationEvent.objects.create(order=order, event_type=event_type)
    return sent


# --- when they are sent -----------------------------------------------------------------------
def status_changed(sender, order, old_status, new_status, **kwargs):
    """Oscar's ``order_status_changed``: the e-mails that the new status calls for, sent once
    the change is committed."""
    order_id = order.pk
    if new_status == statuses.PLACED:
        transaction.on_commit(lambda: notify_producers(order_id), robust=True)
        if old_status == statuses.AWAITING_PAYMENT:
            transaction.on_commit(lambda: _send_paid(order_id), robust=True)
    code = STATUS_EMAILS.get(new_status)
    if code:
        transaction.on_commit(lambda: send_to_customer(order_id, code), robust=True)


def _send_paid(order_id):
    """The "payment received" e-mail, for an order whose money has come (not cash on delivery,
    which becomes placed at once with nothing received)."""
    order = Order.objects.get(pk=order_id)
    if is_paid(order) and order.total_incl_tax > 0:
        send_to_customer(order_id, Event.ORDER_PAID)


class OrderDispatcher(OscarOrderDispatcher):
    """Oscar's, with the checkout's ``ORDER_PLACED`` e-mail sent as ours are: with our context,
    once per order, when the placement commits, and not at all to a guest who gave no address."""

    def send_order_placed_email_for_user(self, order, extra_context, attachments=None):
        language = translation.get_language()  # the shopper's, during the checkout
        context = {k: v for k, v in (extra_context or {}).items() if k != "request"}
        order_id = order.pk
        transaction.on_commit(
            lambda: send_to_customer(order_id, self.ORDER_PLACED_EVENT_CODE, context, language), robust=True
        )
