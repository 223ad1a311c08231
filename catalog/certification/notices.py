"""E-mails about certificates: to producers (90 and 30 days before expiry, and when a product
is delisted, with the reason in words) and to staff (a sync that needs attention).
Each producer notice is recorded (``Notice``) so that it is sent once.

The texts are Oscar communication event types (see ``marketplace.emails``): staff edit them in
the dashboard under Content → Email templates; the defaults are the theme's templates
``oscar/communication/emails/commtype_<code>_*``."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from marketplace import emails
from marketplace.producers.notices import notify, producer_addresses

from .models import Certificate, CertificateEvent, Notice, Status, local_today

log = logging.getLogger(__name__)
Product = get_model("catalogue", "Product")


class Event:
    """The codes of the communication event types (created by migration 0003)."""

    DELISTED = "OCOP_DELISTED"
    EXPIRES_90 = "OCOP_EXPIRES_90"
    EXPIRES_30 = "OCOP_EXPIRES_30"
    REGISTRY_SYNC_ALERT = "REGISTRY_SYNC_ALERT"


EXPIRY_NOTICES = [(90, Notice.Kind.EXPIRES_90, Event.EXPIRES_90), (30, Notice.Kind.EXPIRES_30, Event.EXPIRES_30)]


def _certificate_context(certificate):
    return {
        "certificate": certificate,
        "producer": certificate.producer,
        "product": certificate.product,
        "certificate_url": emails.absolute_url(reverse("certification:verify", kwargs={"code": certificate.code})),
    }


def notice_params(certificate, context):
    product = context.get("product") or certificate.product
    return {
        "code": certificate.code,
        "product": product.get_title() if product else certificate.code,
        "valid_until": certificate.valid_until.strftime("%d/%m/%Y"),
        "reason": context.get("reason", ""),
    }


def notice_url(context):
    product = context.get("product")
    if product is None:
        return ""
    return reverse("producers-dashboard:product", kwargs={"pk": product.parent_id or product.pk})


def _send_once(certificate, kind, key, code, context):
    """Send event ``code`` to the certificate's producer unless this notice was sent already.
    When the mail server refuses the e-mail, the error is logged, the work that called us goes
    on, and the notice is not recorded as sent (so an expiry notice goes out the next day)."""
    producer = certificate.producer
    addresses = producer_addresses(producer)
    recipient = ", ".join(addresses)[:254]
    try:
        with transaction.atomic():
            Notice.objects.create(certificate=certificate, kind=kind, key=key, recipient=recipient)
            # On the producer's dashboard too; this e-mail says more than the notice's own would.
            notify(
                producer,
                kind,
                f"{certificate.code}:{key}",
                notice_params(certificate, context),
                notice_url(context),
                email=False,
            )
            if addresses:
                emails.send(code, addresses, context, settings.LANGUAGE_CODE)
            else:
                log.info("No e-mail address for producer %s: notice %s recorded only", certificate.producer, kind)
    except IntegrityError:
        return False
    except (smtplib.SMTPException, OSError):
        log.exception("Notice %s about %s to %s not sent; it will be tried again", kind, certificate.code, recipient)
        return False
    return True


def notify_delisted(product_ids):
    """Tell each producer why its products were delisted."""
    products = Product.objects.filter(pk__in=product_ids).select_related("certificate__producer", "producer")
    sent = 0
    # Producers have no language setting: they read the site's language, Vietnamese.
    with translation.override(settings.LANGUAGE_CODE):
        for product in products:
            reason = product.why_not_listable()
            if not reason or product.certificate is None:
                continue
            certificate = product.certificate
            key = f"{certificate.status}:{certificate.status_changed_at or certificate.valid_until}"
            context = {
                **_certificate_context(certificate),
                "product": product,
                "producer": product.producer or certificate.producer,
                "reason": reason,
                "product_url": emails.absolute_url(product.get_absolute_url()),
            }
            sent += _send_once(certificate, Notice.Kind.DELISTED, key, Event.DELISTED, context)
    return sent


def send_expiry_notices(today=None):
    """90 and 30 days before a current, valid certificate expires, tell its producer (once each;
    a missed day is caught up the next day)."""
    today = today or local_today()
    sent = 0
    for days, kind, code in EXPIRY_NOTICES:
        due = (
            Certificate.objects.filter(
                status=Status.VALID,
                valid_until__gte=today,
                valid_until__lte=today + datetime.timedelta(days=days),
                product__certificate=F("pk"),
            )
            .exclude(notices__kind=kind)
            .select_related("producer", "product")
        )
        for certificate in due:
            context = {**_certificate_context(certificate), "valid_until": certificate.valid_until, "days": days}
            sent += _send_once(certificate, kind, str(certificate.valid_until), code, context)
    return sent


def record_expiries(today=None):
    """Write an "expired" entry in the history of every current certificate that expired
    (the listing rule already delisted the product at midnight); return the products."""
    today = today or local_today()
    expired = list(
        Certificate.objects.filter(status=Status.VALID, valid_until__lt=today, product__certificate=F("pk"))
        .exclude(events__kind=CertificateEvent.Kind.EXPIRED)
        .select_related("product")
    )
    CertificateEvent.objects.bulk_create(
        CertificateEvent(
            certificate=c,
            kind=CertificateEvent.Kind.EXPIRED,
            old_status=Status.VALID,
            new_status=Status.VALID,
            reason=f"valid until {c.valid_until.isoformat()}",
            source="daily expiry check",
            happened_at=timezone.make_aware(datetime.datetime.combine(c.valid_until, datetime.time.max)),
        )
        for c in expired
    )
    return {c.product_id for c in expired}


def alert_staff(run):
    """E-mail staff about a sync run that was held or failed (it also shows on the dashboard):
    the addresses in REGISTRY_ALERT_EMAILS, else every active staff user, each in the
    language of their account."""
    if settings.REGISTRY_ALERT_EMAILS:
        recipients = [(email, settings.LANGUAGE_CODE) for email in settings.REGISTRY_ALERT_EMAILS]
    else:
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
        recipients = [(user.email, emails.user_language(user)) for user in staff]
    if not recipients:
        log.warning("Registry sync %s needs attention but no staff e-mail is known", run.pk)
        return
    context = {
        "run": run,
        "run_url": emails.absolute_url(reverse("registry-dashboard:registry-sync-run", kwargs={"pk": run.pk})),
    }
    for email, language in recipients:
        try:
            emails.send(Event.REGISTRY_SYNC_ALERT, email, context, language)
        except (smtplib.SMTPException, OSError):
            log.exception("Alert about registry sync %s not sent to %s", run.pk, email)
