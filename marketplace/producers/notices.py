"""A producer's notices: what it should know, in its area and by e-mail, each once.

:func:`notify` is the one door: it records a :class:`~marketplace.producers.models.ProducerNotice`
under (producer, kind, key) — a second call with the same key does nothing — and e-mails the
producer (its registered address and its users') unless the caller sent its own e-mail already
(the certificate notices of catalog/certification/notices.py and the order e-mail of
marketplace/order/notifications.py, which carry more detail). Who sends which notice:

* certificate expires within 90 / 30 days, product delisted — catalog/certification/notices.py;
* new order — marketplace/order/notifications.py, with the producer's order e-mail;
* low stock — :func:`check_low_stock`, after an order is placed and when a producer saves its stock;
* story approved / sent back — cms/stories (the Wagtail workflow's signals).
"""

import logging
import smtplib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from marketplace import emails

from .models import ProducerNotice

log = logging.getLogger(__name__)
Kind = ProducerNotice.Kind

EVENT = "PRODUCER_NOTICE"  # the e-mail of a notice that no other e-mail carries

#: The text of each kind of notice, filled from its ``params``.
MESSAGES = {
    Kind.EXPIRES_90: _("The OCOP certificate %(code)s of “%(product)s” expires on %(valid_until)s. Apply to renew it."),
    Kind.EXPIRES_30: _(
        "The OCOP certificate %(code)s of “%(product)s” expires on %(valid_until)s: after that day the "
        "product is no longer sold."
    ),
    Kind.DELISTED: _("“%(product)s” is no longer listed: %(reason)s"),
    Kind.NEW_ORDER: _("New order %(number)s: %(lines)s line(s) of your products to prepare."),
    Kind.LOW_STOCK: _("Only %(available)s left of “%(product)s” for sale online."),
    Kind.STORY_APPROVED: _("Your story “%(title)s” was approved and is published."),
    Kind.STORY_SENT_BACK: _("Your story “%(title)s” was sent back: %(comment)s"),
}


def message(notice):
    try:
        return str(MESSAGES[notice.kind]) % dict(notice.params)
    except (KeyError, TypeError, ValueError):
        return str(ProducerNotice.Kind(notice.kind).label) if notice.kind in Kind.values else notice.kind


def producer_addresses(producer):
    """The producer's registered e-mail and its active users' e-mails, each once."""
    addresses = [producer.email] + [u.email for u in producer.users.filter(is_active=True).order_by("pk")]
    return list(dict.fromkeys(a.strip() for a in addresses if a and a.strip()))


def notify(producer, kind, key, params=None, url="", email=True):
    """Record notice ``kind`` about ``key`` for ``producer`` unless it was recorded already, and
    e-mail it (``email=False`` when the caller sends its own e-mail). Returns the new notice, or
    ``None`` when there was one already. An e-mail refused by the mail server is logged; the
    notice stays (it is on the producer's dashboard)."""
    params = {name: str(value) for name, value in (params or {}).items()}
    try:
        with transaction.atomic():
            notice = ProducerNotice.objects.create(
                producer=producer, kind=kind, key=str(key)[:120], params=params, url=url
            )
    except IntegrityError:
        return None
    if email:
        addresses = producer_addresses(producer)
        if addresses:
            # Producers have no language setting: they read the site's language, Vietnamese.
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "notice": notice,
                    "message": notice.message,
                    "notice_url": emails.absolute_url(url or "/dashboard/"),
                }
                try:
                    emails.send(EVENT, addresses, context)
                except (smtplib.SMTPException, OSError):
                    log.exception("Notice %s to producer %s not e-mailed", kind, producer.pk)
    return notice


def check_low_stock(stockrecords):
    """A low-stock notice for each of these stock records whose stock for sale online
    (``num_in_stock - num_allocated``) fell to the threshold or below — once per fall: when the
    producer restocks above it, the notice is withdrawn, and the next fall makes a new one."""
    from django.urls import reverse

    threshold = settings.LOW_STOCK_THRESHOLD
    for record in stockrecords:
        if record.num_in_stock is None or record.partner_id is None:
            continue
        available = record.num_in_stock - (record.num_allocated or 0)
        notices = ProducerNotice.objects.filter(producer_id=record.partner_id, kind=Kind.LOW_STOCK)
        if available > threshold:
            notices.filter(key=f"stockrecord:{record.pk}").delete()
            continue
        notify(
            record.partner,
            Kind.LOW_STOCK,
            f"stockrecord:{record.pk}",
            {"product": record.product.get_title(), "available": max(available, 0)},
            url=reverse("producers-dashboard:product", kwargs={"pk": record.product.parent_id or record.product_id}),
        )
