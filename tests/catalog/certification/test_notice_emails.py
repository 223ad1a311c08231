"""The e-mails to producers and staff are Oscar communication event types: Vietnamese by
default, English for a reader of English, staff edits in the dashboard win, links absolute."""

import datetime
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from oscar.core.loading import get_model
from wagtail.users.models import UserProfile

from catalog.certification.models import Notice, local_today
from catalog.certification.notices import Event, alert_staff
from catalog.registry.models import SyncRun
from marketplace import emails
from tests.factories import ProductFactory

CommunicationEventType = get_model("communication", "CommunicationEventType")

pytestmark = pytest.mark.django_db


def product_expiring_in(days, email="htx@example.vn", title=None):
    product = ProductFactory(
        certificate__valid_until=local_today() + datetime.timedelta(days=days), **({"title": title} if title else {})
    )
    product.producer.email = email
    product.producer.save()
    return product


@pytest.fixture
def staff_client(client, django_user_model, email_event_types):
    user = django_user_model.objects.create_user("vanphong", "vp@ocop.local", "x", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def held_run():
    return SyncRun.objects.create(
        source="https://registry.example.vn", outcome="held", anomaly="would delist 40 of 100", counts={"held": 40}
    )


def test_staff_find_the_event_types_under_email_templates(staff_client):
    html = staff_client.get("/dashboard/comms/").content.decode()
    for code in ("OCOP_DELISTED", "OCOP_EXPIRES_90", "OCOP_EXPIRES_30", "REGISTRY_SYNC_ALERT"):
        assert CommunicationEventType.objects.filter(code=code).exists()
        assert f"/dashboard/comms/{code}/" in html


def test_a_delisting_notice_is_in_vietnamese_with_the_reason_and_an_html_part():
    product = product_expiring_in(-1, title='Chè "Tân Cương" & mật ong')
    call_command("certificate_notices", verbosity=0)
    [message] = mail.outbox
    assert message.to == ["htx@example.vn"]
    assert message.subject == '[Chợ OCOP] Sản phẩm “Chè "Tân Cương" & mật ong” đã ngừng hiển thị'
    assert message.body.startswith(f"Kính gửi {product.producer.name},")
    assert f"(mã {product.product_code})" in message.body and "Lý do: Giấy chứng nhận OCOP" in message.body
    assert "Hết hiệu lực từ ngày" in message.body and "tự động hiển thị trở lại" in message.body
    assert "&quot;" not in message.body  # the text part is not HTML-escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Chè &quot;Tân Cương&quot; &amp; mật ong" in html and "Lý do:" in html


def test_expiry_notices_are_in_vietnamese_and_the_30_day_one_is_the_last_reminder():
    product = product_expiring_in(20)
    call_command("certificate_notices", verbosity=0)
    until = product.certificate.valid_until.strftime("%d/%m/%Y")
    assert (
        sorted(m.subject for m in mail.outbox)
        == [f"[Chợ OCOP] Giấy chứng nhận OCOP {product.certificate.code} hết hạn ngày {until}"] * 2
    )
    bodies = [m.body for m in mail.outbox]
    assert all(f"còn hiệu lực đến hết ngày {until}" in body for body in bodies)
    assert all("đánh giá, phân hạng lại theo Quyết định 148/QĐ-TTg" in body for body in bodies)
    assert sum("Đây là lần nhắc cuối cùng." in body for body in bodies) == 1


def test_the_same_event_type_renders_in_english_for_a_reader_of_english():
    product = product_expiring_in(20)
    context = {
        "certificate": product.certificate,
        "producer": product.producer,
        "product": product,
        "valid_until": product.certificate.valid_until,
        "days": 30,
        "certificate_url": "https://ocop.example.vn/verify/x/",
    }
    english = emails.render(Event.EXPIRES_30, context, "en")
    until = product.certificate.valid_until.strftime("%d/%m/%Y")
    assert english["subject"] == f"[Chợ OCOP] OCOP certificate {product.certificate.code} expires on {until}"
    assert english["body"].startswith(f"Dear {product.producer.name},")
    assert "This is the last reminder." in english["body"] and "The Chợ OCOP team" in english["body"]
    assert "Kính gửi" not in english["body"] + english["html"]
    assert emails.render(Event.EXPIRES_30, context)["body"].startswith("Kính gửi")  # the site's language


def test_staff_alerts_go_to_each_staff_member_in_the_language_of_their_account(django_user_model):
    django_user_model.objects.create_user("kiemsoat", "kiemsoat@ocop.local", "x", is_staff=True)
    english = django_user_model.objects.create_user("adviser", "adviser@ocop.local", "x", is_staff=True)
    UserProfile.objects.create(user=english, preferred_language="en")
    django_user_model.objects.create_user("khach", "khach@example.vn", "x")  # a customer: not told
    alert_staff(held_run())
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "kiemsoat@ocop.local": "[Chợ OCOP] Đồng bộ hệ thống quốc gia cần được xem xét: "
        "Tạm giữ việc gỡ sản phẩm để xem xét",
        "adviser@ocop.local": "[Chợ OCOP] Registry sync needs attention: Delistings held for review",
    }
    assert all("would delist 40 of 100" in m.body and "held: 40" in m.body for m in mail.outbox)


@override_settings(REGISTRY_ALERT_EMAILS=["ops@ocop.local", "it@ocop.local"])
def test_staff_alerts_go_to_the_configured_addresses_instead(django_user_model):
    django_user_model.objects.create_user("kiemsoat", "kiemsoat@ocop.local", "x", is_staff=True)
    alert_staff(held_run())
    assert [m.to for m in mail.outbox] == [["ops@ocop.local"], ["it@ocop.local"]]


@override_settings(SITE_URL="https://ocop.example.vn")
def test_links_in_e_mails_are_absolute_on_the_site_url(django_user_model):
    product = product_expiring_in(-1)
    call_command("certificate_notices", verbosity=0)
    [notice] = mail.outbox
    certificate_url = f"https://ocop.example.vn/verify/{product.certificate.code}/"
    assert certificate_url in notice.body and f"https://ocop.example.vn{product.get_absolute_url()}" in notice.body
    assert f'href="{certificate_url}"' in notice.alternatives[0][0]
    assert "127.0.0.1" not in notice.body + notice.alternatives[0][0]

    django_user_model.objects.create_user("kiemsoat", "kiemsoat@ocop.local", "x", is_staff=True)
    run = held_run()
    alert_staff(run)
    assert f"https://ocop.example.vn/dashboard/ocop/sync/{run.pk}/" in mail.outbox[-1].body


def test_a_staff_edit_in_the_dashboard_is_what_gets_sent(staff_client):
    url = "/dashboard/comms/OCOP_DELISTED/"
    assert "OCOP: sản phẩm ngừng hiển thị" in staff_client.get(url).content.decode()
    response = staff_client.post(
        url,
        {
            "name": "OCOP: sản phẩm ngừng hiển thị (gửi chủ thể)",
            "email_subject_template": "Thông báo gỡ sản phẩm {{ product.title }}",
            "email_body_template": "Kính gửi {{ producer.name }}. {{ reason }} Xem {{ certificate_url }}",
            "email_body_html_template": "<p>{{ reason }}</p>",
        },
    )
    assert response.status_code == 302
    product = product_expiring_in(-1)
    call_command("certificate_notices", verbosity=0)
    [message] = mail.outbox
    assert message.subject == f"Thông báo gỡ sản phẩm {product.title}"
    assert message.body.startswith(f"Kính gửi {product.producer.name}. Giấy chứng nhận OCOP")
    assert message.body.endswith(f"/verify/{product.certificate.code}/")
    assert message.alternatives[0][0].startswith("<p>Giấy chứng nhận OCOP")


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_mail_server_outage_stops_nothing_and_an_expiry_notice_goes_out_the_next_day():
    expired = product_expiring_in(-1)
    expiring = product_expiring_in(80)
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    with override_settings(**smtp, EMAIL_PORT=closed_port(), EMAIL_TIMEOUT=5):
        call_command("certificate_notices", verbosity=0)  # the mail server is down
    assert expired.certificate.events.filter(kind="expired").exists() and not mail.outbox
    assert not Notice.objects.exists()  # nothing is recorded as sent that was not
    call_command("certificate_notices", verbosity=0)
    assert [m.to for m in mail.outbox] == [["htx@example.vn"]] and expiring.certificate.code in mail.outbox[0].subject
    assert Notice.objects.get().certificate == expiring.certificate
