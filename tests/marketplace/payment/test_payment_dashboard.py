"""The staff's Payments pages: the orders waiting for a transfer, marking one paid by hand, and
a bank statement uploaded, reviewed and applied (the ticked matches only, once) — in Vietnamese,
behind the staff login and CSRF, and safe against hostile input."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.payment.records import is_paid
from tests.factories import ProducerFactory, producer_user

from .conftest import row

pytestmark = pytest.mark.django_db

Transaction = get_model("payment", "Transaction")

TRANSFERS = reverse("payment-dashboard:transfers")
MARK_PAID = reverse("payment-dashboard:mark-paid")
STATEMENT = reverse("payment-dashboard:statement")
APPLY = reverse("payment-dashboard:statement-apply")
PAGES = [TRANSFERS, MARK_PAID, STATEMENT]


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user("ketoan", "ketoan@ocop.local", "mat-khau-dai-2026", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def waiting(make_order):
    return {
        "honey": make_order("100101", 1_250_000),
        "tea": make_order("100102", 370_000),
        "paid": make_order("100103", 500_000, paid="FT0"),
        "cod": make_order("100104", 240_000, method="cod"),
        "cancelled": make_order("100105", 180_000, cancelled=True),
    }


def upload(client, path):
    return client.post(STATEMENT, {"file": SimpleUploadedFile(path.name, path.read_bytes())})


def test_the_urls():
    assert PAGES + [APPLY] == [
        "/dashboard/payments/",
        "/dashboard/payments/mark-paid/",
        "/dashboard/payments/statement/",
        "/dashboard/payments/statement/apply/",
    ]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(url, {}).status_code == 302
    assert client.post(APPLY, {}).status_code == 302


@pytest.mark.parametrize("url", PAGES)
def test_producers_and_customers_are_refused(client, django_user_model, url):
    producer = producer_user(ProducerFactory())
    customer = django_user_model.objects.create_user("khach", "khach@ocop.local", "mat-khau-dai-2026")
    customer.user_permissions.add(
        Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
    )
    for someone in (producer, customer):
        client.force_login(someone)
        assert client.get(url).status_code == 403
        assert client.post(APPLY, {}).status_code == 403


def test_forms_need_the_csrf_token(django_user_model, waiting):
    user = django_user_model.objects.create_user("ketoan", "ketoan@ocop.local", "x", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    data = {"order": "100101", "amount": "1.250.000", "reference": "FT1"}
    assert client.post(MARK_PAID, data).status_code == 403
    assert client.post(APPLY, {"statement": "x"}).status_code == 403
    assert client.post(STATEMENT, {}).status_code == 403
    assert not is_paid(waiting["honey"])


def test_the_dashboard_menu_has_payments(staff):
    page = staff.get(reverse("dashboard:index")).content.decode()
    assert "Thanh toán" in page and TRANSFERS in page and STATEMENT in page


def test_the_orders_waiting_for_a_transfer(staff, waiting):
    response = staff.get(TRANSFERS)
    assert response.status_code == 200
    assert [o.number for o in response.context["orders"]] == ["100101", "100102"]  # not paid, COD or cancelled
    page = response.content.decode()
    assert "Đang chờ chuyển khoản" in page and "1.250.000 ₫" in page
    assert f"{MARK_PAID}?order=100101" in page
    assert "FT0" in page  # recorded lately


def test_the_waiting_list_takes_a_constant_number_of_queries(staff, make_order, django_assert_max_num_queries):
    for number in range(100201, 100204):
        make_order(str(number), 100_000)
    with django_assert_max_num_queries(30) as few:
        staff.get(TRANSFERS)
    for number in range(100204, 100224):
        make_order(str(number), 100_000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff.get(TRANSFERS)


def test_staff_mark_an_order_paid_by_hand(staff, waiting):
    page = staff.get(MARK_PAID, {"order": "100101"}).content.decode()
    assert 'value="100101"' in page and "Số tham chiếu giao dịch của ngân hàng" in page
    response = staff.post(MARK_PAID, {"order": "100101", "amount": "1.250.000", "reference": " FT26278000001 "})
    assert response.status_code == 302 and response["Location"] == TRANSFERS
    assert is_paid(waiting["honey"])
    assert Transaction.objects.get(source__order=waiting["honey"]).reference == "FT26278000001"
    page = staff.get(TRANSFERS).content.decode()
    assert "Đơn hàng 100101 đã được thanh toán: đã nhận 1.250.000 ₫ (số tham chiếu FT26278000001)." in page


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (
            {"order": "100102", "amount": "360.000"},
            "số tiền 360.000 ₫ khác với tổng tiền của đơn hàng 100102 là 370.000 ₫",
        ),
        ({"order": "100103", "amount": "500.000"}, "đơn hàng 100103 đã được thanh toán"),
        ({"order": "100104", "amount": "240.000"}, "đơn hàng 100104 không thanh toán bằng chuyển khoản"),
        ({"order": "100105", "amount": "180.000"}, "đơn hàng 100105 đã bị hủy"),
        ({"order": "999999", "amount": "180.000"}, "không có đơn hàng 999999"),
        (
            {"order": "100102", "amount": "370.000", "reference": "FT0"},
            "số tham chiếu FT0 đã được ghi nhận cho đơn hàng 100103",
        ),
        ({"order": "100102", "amount": "ba trăm"}, "Số tiền không phải là số tiền."),
        ({"order": "100102", "amount": "0"}, "Hãy nhập số tiền đã nhận, tính bằng đồng."),
        (
            {"order": "100102", "amount": "370.000", "reference": "FT\x1b"},
            "Hãy nhập số tham chiếu của khoản chuyển khoản.",
        ),
        ({"order": "1001\x0b02", "amount": "370.000"}, "Hãy nhập mã đơn hàng."),
        ({"order": "1001\x0002", "amount": "370.000"}, "Null characters are not allowed."),
    ],
)
def test_marking_paid_refuses_what_does_not_fit_and_says_why(staff, waiting, data, says):
    response = staff.post(MARK_PAID, {"reference": "FT9", **data})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Transaction.objects.filter(reference="FT9").exists()
    assert not is_paid(waiting["tea"])


def test_a_statement_uploaded_reviewed_and_applied_once(staff, waiting, statement_file):
    path = statement_file(
        [
            row("FT1", "1.250.000", "MBVCB.3278614243.100101.CT tu NGUYEN VAN A"),
            row("FT2", "370.000", "100102"),
            row("FT3", "360.000", "100102 lan 2"),
            row("FT4", "75.000", "Chuyen tien"),
        ]
    )
    response = upload(staff, path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "sao-ke.csv: 2 khoản chuyển khoản khớp với đơn hàng; 2 khoản cần kiểm tra thủ công;" in page
    assert page.count('name="transfer"') == 2 and "checked" in page
    assert "nội dung không nêu mã đơn hàng nào của cửa hàng" in page
    assert f"{MARK_PAID}?order=100102&amp;amount=360000&amp;reference=FT3" in page
    assert not is_paid(waiting["honey"])  # nothing recorded by the upload
    token = response.context["token"]
    # Staff untick the tea's transfer and record the honey's.
    response = staff.post(APPLY, {"statement": token, "transfer": ["0"]})
    assert response.status_code == 302 and response["Location"] == TRANSFERS
    assert is_paid(waiting["honey"]) and not is_paid(waiting["tea"])
    page = staff.get(TRANSFERS).content.decode()
    assert "Đã ghi nhận 1 khoản thanh toán từ sao-ke.csv: đơn hàng 100101." in page
    # The same review applied again, with both ticked: only the tea is recorded now.
    staff.post(APPLY, {"statement": token, "transfer": ["0", "1", "1", "7", "-1", "x"]})
    assert is_paid(waiting["tea"])
    assert Transaction.objects.filter(source__order__number__in=["100101", "100102"]).count() == 2
    page = staff.get(TRANSFERS).content.decode()
    assert "Chưa ghi nhận đơn hàng 100101: đã ghi nhận: khoản chuyển khoản này (số tham chiếu FT1)" in page


def test_a_changed_or_stale_review_records_nothing(staff, waiting, statement_file):
    response = upload(staff, statement_file([row("FT1", "1.250.000", "100101")]))
    token = response.context["token"]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = staff.post(APPLY, {"statement": forged, "transfer": ["0"]}, follow=True)
    assert "Bản đối chiếu này đã hết hạn hoặc đã bị thay đổi" in response.content.decode()
    response = staff.post(APPLY, {"statement": token}, follow=True)
    assert "Chưa chọn khoản chuyển khoản nào" in response.content.decode()
    assert not is_paid(waiting["honey"])


def test_a_refused_statement_says_why_and_records_nothing(staff, tmp_path):
    response = staff.post(STATEMENT, {"file": SimpleUploadedFile("sao-ke.xlsx", b"PK\x03\x04 broken")})
    assert response.status_code == 200
    assert "sao-ke.xlsx: không phải tệp Excel hợp lệ" in response.content.decode()
    response = staff.post(STATEMENT, {"file": SimpleUploadedFile("sao-ke.pdf", b"%PDF-1.4")})
    assert "Hãy tải lên tệp .csv hoặc .xlsx" in response.content.decode()
    response = staff.post(STATEMENT, {"file": SimpleUploadedFile("sao-ke.csv", b"a,b\n1,2\n")})
    assert "đây có phải là sao kê ngân hàng không?" in response.content.decode()
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"order": "\x00"},
        {"order": "1" * 5_000, "amount": "9" * 5_000},
        {"reference": "<script>alert(1)</script>"},
        {"page": "999"},
        {"page": "x"},
    ],
)
def test_hostile_query_strings_never_break_the_pages(staff, waiting, query):
    for url in PAGES:
        response = staff.get(url, query)
        assert response.status_code in (200, 404)
        assert "<script>alert(1)</script>" not in response.content.decode()
