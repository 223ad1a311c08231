"""Daily certificate check (expiry history, producer notices) and the certificates staff watch."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalog.certification.models import CertificateEvent, Notice, Status, local_today
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def product_expiring_in(days, email="htx@example.vn"):
    product = ProductFactory(certificate__valid_until=local_today() + datetime.timedelta(days=days))
    product.producer.email = email
    product.producer.save()
    return product


def test_expiry_notices_go_out_90_and_30_days_before_once_each():
    in_80 = product_expiring_in(80)
    in_20 = product_expiring_in(20)
    product_expiring_in(200)
    call_command("certificate_notices", verbosity=0)
    kinds = sorted(Notice.objects.values_list("certificate__product__title", "kind"))
    assert kinds == sorted([(in_80.title, "expires_90"), (in_20.title, "expires_90"), (in_20.title, "expires_30")])
    assert len(mail.outbox) == 3
    assert in_20.certificate.valid_until.strftime("%d/%m/%Y") in mail.outbox[0].subject + mail.outbox[1].subject + (
        mail.outbox[2].subject
    )
    call_command("certificate_notices", verbosity=0)
    assert len(mail.outbox) == 3


def test_expiry_is_recorded_in_the_history_and_the_producer_told_why():
    expired = product_expiring_in(-1)
    call_command("certificate_notices", verbosity=0)
    event = expired.certificate.events.get(kind=CertificateEvent.Kind.EXPIRED)
    assert event.new_status == Status.VALID and "valid until" in event.reason
    delisted = [m for m in mail.outbox if "ngừng hiển thị" in m.subject]
    assert len(delisted) == 1 and "Hết hiệu lực" in delisted[0].body
    call_command("certificate_notices", verbosity=0)
    assert expired.certificate.events.filter(kind=CertificateEvent.Kind.EXPIRED).count() == 1


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("vanphong", "vp@ocop.local", "x", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_certificates_to_watch_and_their_csv(staff_client):
    soon = product_expiring_in(45)
    ProductFactory(
        title="Chè bị thu hồi",
        certificate__status=Status.REVOKED,
        certificate__status_reason="sai nhãn mác",
        certificate__status_changed_at=timezone.now(),
    )
    html = staff_client.get("/dashboard/ocop/certificates/").content.decode()
    assert soon.title in html and "Chè bị thu hồi" in html
    response = staff_client.get("/dashboard/ocop/certificates/?export=withdrawn")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Chè bị thu hồi" in text and "sai nhãn mác" in text and soon.title not in text
    assert soon.title in staff_client.get("/dashboard/ocop/certificates/?export=expiring").content.decode("utf-8-sig")


def test_the_csv_cannot_smuggle_a_formula_into_a_spreadsheet(staff_client):
    product = ProductFactory(
        title="+1+1",
        certificate__status=Status.REVOKED,
        certificate__status_reason="@SUM(A1)",
        certificate__status_changed_at=timezone.now(),
        certificate__code="-2",
    )
    product.producer.name = '=HYPERLINK("http://evil.example","x")'
    product.producer.phone = "+84 912 345 678"
    product.producer.save()
    response = staff_client.get("/dashboard/ocop/certificates/?export=withdrawn")
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    header, row = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    cells = dict(zip(header, row, strict=True))
    assert cells["Chủ thể"] == '\'=HYPERLINK("http://evil.example","x")'
    assert (cells["Tên sản phẩm"], cells["Số giấy chứng nhận"], cells["Lý do"]) == ("'+1+1", "'-2", "'@SUM(A1)")
    assert cells["Điện thoại"] == "'+84 912 345 678" and cells["Hạng sao"] == "4"


def test_customers_cannot_see_the_certificates_to_watch(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("khach", "khach@example.vn", "x"))
    assert client.get("/dashboard/ocop/certificates/").status_code in (302, 403)
    assert client.get("/dashboard/ocop/certificates/?export=expiring").status_code in (302, 403)
