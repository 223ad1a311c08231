"""E-mails about certificates: to producers (90 and 30 days before expiry, and when a product
is delisted, with the reason in words) and to staff (a sync that needs attention).
Each producer notice is recorded (``Notice``) so that it is sent once."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from oscar.core.loading import get_model

from .models import Certificate, CertificateEvent, Notice, Status, local_today

log = logging.getLogger(__name__)
Product = get_model("catalogue", "Product")

EXPIRY_NOTICES = [(90, Notice.Kind.EXPIRES_90), (30, Notice.Kind.EXPIRES_30)]


def _site_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send_once(certificate, kind, key, subject, body):
    """Send to the certificate's producer unless this notice was sent already."""
    recipient = certificate.producer.email
    try:
        with transaction.atomic():
            Notice.objects.create(certificate=certificate, kind=kind, key=key, recipient=recipient)
    except IntegrityError:
        return False
    if recipient:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    else:
        log.info("No e-mail address for producer %s: notice %s recorded only", certificate.producer, kind)
    return True


def notify_delisted(product_ids):
    """Tell each producer why its products were delisted."""
    products = Product.objects.filter(pk__in=product_ids).select_related("certificate__producer", "producer")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for product in products:
            reason = product.why_not_listable()
            if not reason or product.certificate is None:
                continue
            certificate = product.certificate
            key = f"{certificate.status}:{certificate.status_changed_at or certificate.valid_until}"
            subject = f"[{settings.WAGTAIL_SITE_NAME}] Sản phẩm “{product.title}” đã ngừng hiển thị"
            body = (
                f"Kính gửi {product.producer.name},\n\n"
                f"Sản phẩm “{product.title}” (mã {product.product_code}) không còn được bày bán trên "
                f"{settings.WAGTAIL_SITE_NAME}.\nLý do: {reason}\n\n"
                "Khi giấy chứng nhận OCOP được cấp lại hoặc khôi phục trên hệ thống quốc gia, sản phẩm sẽ tự động "
                "hiển thị trở lại.\n"
            )
            sent += _send_once(product.certificate, Notice.Kind.DELISTED, key, subject, body)
    return sent


def send_expiry_notices(today=None):
    """90 and 30 days before a current, valid certificate expires, tell its producer (once each;
    a missed day is caught up the next day)."""
    today = today or local_today()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for days, kind in EXPIRY_NOTICES:
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
                until = date_format(certificate.valid_until)
                subject = f"[{settings.WAGTAIL_SITE_NAME}] Giấy chứng nhận OCOP {certificate.code} hết hạn ngày {until}"
                body = (
                    f"Kính gửi {certificate.producer.name},\n\n"
                    f"Giấy chứng nhận OCOP {certificate.code} của sản phẩm “{certificate.product.title}” còn hiệu lực "
                    f"đến hết ngày {until}. Sau ngày này sản phẩm sẽ tự động ngừng hiển thị.\n"
                    "Vui lòng nộp hồ sơ đánh giá lại theo Quyết định 148/QĐ-TTg trước khi hết hạn.\n"
                )
                sent += _send_once(certificate, kind, str(certificate.valid_until), subject, body)
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
    """E-mail staff about a sync run that was held or failed (it also shows on the dashboard)."""
    recipients = settings.REGISTRY_ALERT_EMAILS or list(
        get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        log.warning("Registry sync %s needs attention but no staff e-mail is known", run.pk)
        return
    link = _site_url(reverse("registry-dashboard:registry-sync-run", kwargs={"pk": run.pk}))
    send_mail(
        f"[{settings.WAGTAIL_SITE_NAME}] Registry sync needs attention: {run.get_outcome_display()}",
        f"Sync run {run.pk} from {run.source} at {run.started_at:%Y-%m-%d %H:%M}:\n\n{run.anomaly}\n\n"
        f"Counts: {run.counts}\nDetails: {link}\n",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
