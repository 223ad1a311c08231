"""The checkout's first two steps as a Vietnamese shopper meets them: contact, then the address.

A guest needs no account and no e-mail: a name and a phone number as people write them, then a
street and today's province → commune, picked without JavaScript (a round trip) or with it (the
JSON endpoint). Names are kept as typed, a wrong phone number is refused in words, a commune of
another province is refused, and a signed-in customer's details are filled in.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from marketplace.adminunits.models import Commune
from tests.factories import ProductFactory, create_order

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")

CONTACT = reverse("checkout:index")
ADDRESS = reverse("checkout:shipping-address")
COMMUNES = reverse("checkout:communes")
LUC_NAM = {"province": "24", "commune": "07486"}  # Xã Nghĩa Phương, which took over the wards of old Lục Nam


def address_data(**changes):
    return {
        "name": "Nguyễn Thị Lan",
        "phone_number": "0912345678",
        "line1": "Số 12, thôn Đông",
        **LUC_NAM,
        "notes": "",
        **changes,
    }


def page(response):
    return response.content.decode()


def errors_of(response):
    return " ".join(re.findall(r'class="checkout-field__error"[^>]*>([^<]*)<', page(response)))


@pytest.fixture
def shopper(client, admin_units, home_page):
    """A visitor with a basket holding one product at 120.000 ₫."""
    product = ProductFactory(title="Mật ong hoa vải Lục Nam", price=120000)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    return client


@pytest.fixture
def guest(shopper):
    """A guest past the contact step, with only a name and a phone number."""
    response = shopper.post(CONTACT, {"phone": "0912345678", "name": "Nguyễn Thị Lan"})
    assert response.status_code == 302 and response["Location"] == ADDRESS
    return shopper


def test_vietnam_is_the_shipping_country(admin_units):
    vietnam = Country.objects.get(pk="VN")
    assert vietnam.is_shipping_country and vietnam.printable_name == "Việt Nam"


def test_contact_page_has_the_site_header_the_steps_and_no_email_requirement(shopper):
    html = page(shopper.get(CONTACT))
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert re.search(r'aria-current="step"><span class="checkout-step__number">1</span> <span[^>]*>Liên hệ<', html)
    for step in ("Địa chỉ", "Giao nhận", "Thanh toán", "Xem lại"):
        assert f'checkout-step__label">{step}<' in html
    assert "Số điện thoại" in html and "Họ và tên" in html and "Email (không bắt buộc)" in html
    assert "120.000 ₫" in html  # the order summary, in VND
    assert 'name="email"' in html and not re.search(r'name="email"[^>]*required', html)


def test_a_guest_with_a_name_a_phone_and_an_address_reaches_the_delivery_step(guest):
    response = guest.get(ADDRESS)
    html = page(response)
    assert 'class="site-header"' in html
    assert 'value="Nguyễn Thị Lan"' in html and 'value="0912 345 678"' in html  # from the contact
    assert "Mã vùng" not in html and "postcode" not in html and 'name="country"' not in html

    response = guest.post(ADDRESS, address_data())
    assert response.status_code == 302 and response["Location"] == reverse("checkout:shipping-method")
    final = guest.get(response["Location"])
    assert final.status_code == 200 and "Giao hàng tận nơi" in page(final)  # the delivery step

    data = guest.session["checkout_data"]
    assert data["contact"] == {"name": "Nguyễn Thị Lan", "phone": "+84912345678", "email": ""}
    fields = data["shipping"]["new_address_fields"]
    assert (fields["first_name"], fields["last_name"]) == ("", "Nguyễn Thị Lan")
    assert (fields["province_id"], fields["commune_id"], fields["country_id"]) == ("24", "07486", "VN")
    address = ShippingAddress(**fields)
    assert address.name == address.salutation == "Nguyễn Thị Lan"
    assert str(address.phone_number) == "0912 345 678"
    assert address.summary == "Nguyễn Thị Lan, Số 12, thôn Đông, Xã Nghĩa Phương, Tỉnh Bắc Ninh, Việt Nam"


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("0204 3882 123", "+842043882123"),
        ("024 3825 1234", "+842438251234"),
    ],
)
def test_phone_numbers_as_vietnamese_people_write_them(shopper, typed, kept):
    response = shopper.post(CONTACT, {"phone": typed, "name": "Trần Văn Minh", "email": ""})
    assert response.status_code == 302, errors_of(response)
    assert shopper.session["checkout_data"]["contact"]["phone"] == kept


@pytest.mark.parametrize("typed", ["12345", "0123456789", "+1 212 555 0100", "0912 345 678, 0987 654 321", "1900 1234"])
def test_a_wrong_phone_number_gets_a_clear_vietnamese_error_and_nothing_is_lost(shopper, typed):
    response = shopper.post(CONTACT, {"phone": typed, "name": "Trần Văn Minh", "email": "minh@example.vn"})
    assert response.status_code == 200
    assert "Hãy nhập số điện thoại Việt Nam, ví dụ 0912 345 678 hoặc 024 3825 1234." in errors_of(response)
    html = page(response)
    assert 'value="Trần Văn Minh"' in html and 'value="minh@example.vn"' in html
    assert "international" not in html.lower() and "quốc tế" not in html


def test_the_address_step_refuses_a_wrong_phone_in_vietnamese(guest):
    response = guest.post(ADDRESS, address_data(phone_number="09123"))
    assert response.status_code == 200
    assert "Hãy nhập số điện thoại Việt Nam" in errors_of(response)


def test_the_name_is_kept_as_typed(guest):
    response = guest.post(ADDRESS, address_data(name="  Nguyễn   Thị  Lan "))
    assert response.status_code == 302
    fields = guest.session["checkout_data"]["shipping"]["new_address_fields"]
    assert ShippingAddress(**fields).salutation == "Nguyễn Thị Lan"
    html = page(guest.get(ADDRESS))  # back to the step: the same name, not "Lan Nguyễn Thị"
    assert 'value="Nguyễn Thị Lan"' in html and "Lan Nguyễn Thị" not in html


def test_an_email_is_kept_when_a_guest_gives_one(shopper):
    shopper.post(CONTACT, {"phone": "0912345678", "name": "Lê Thu", "email": "Thu@Example.VN"})
    assert shopper.session["checkout_data"]["contact"]["email"] == "Thu@example.vn"
    assert shopper.session["checkout_data"]["guest"]["email"] == "Thu@example.vn"  # Oscar's guest e-mail


def test_later_steps_send_a_guest_without_contact_back_to_it(shopper):
    response = shopper.get(ADDRESS, follow=True)
    assert response.redirect_chain[-1][0] == CONTACT


def test_province_then_commune_without_javascript(guest):
    html = page(guest.get(ADDRESS))
    assert "Tỉnh Bắc Ninh (trước đây Bắc Giang, Bắc Ninh)" in html  # the old province is named
    assert "Xã Nghĩa Phương" not in html  # no commune before a province is chosen
    assert 'name="choose_province"' in html

    # The shopper chose a province and pressed "Show the communes": the form comes back with the
    # typed values, that province's communes and no error.
    response = guest.post(ADDRESS, address_data(commune="", choose_province="1"))
    assert response.status_code == 200
    html = page(response)
    assert errors_of(response) == ""
    assert re.search(r'<option value="24" selected>', html)
    assert ">Xã Nghĩa Phương (trước đây huyện Lục Nam)</option>" in html
    assert 'value="Số 12, thôn Đông"' in html and 'value="Nguyễn Thị Lan"' in html
    assert html.count("<option") < 34 + 140  # one province's communes, not the country's

    response = guest.post(ADDRESS, address_data())
    assert response.status_code == 302


def test_the_address_page_costs_the_same_queries_for_a_small_and_a_big_province(guest):
    counts = []
    guest.post(ADDRESS, address_data(commune="", choose_province="1"))  # warms the category cache
    for province in ("04", "79"):  # Cao Bằng (56 communes), Hồ Chí Minh City (168)
        data = address_data(province=province, commune="", choose_province="1")
        with CaptureQueriesContext(connection) as queries:
            assert guest.post(ADDRESS, data).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_communes_endpoint_for_the_pickers_script(client, admin_units, django_assert_num_queries):
    # Two reads; on PostgreSQL also the request's savepoint and its release (ATOMIC_REQUESTS).
    reads = 4 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(reads):
        response = client.get(COMMUNES, {"province": "24"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    data = response.json()
    assert data["province"] == "24"
    labels = {c["code"]: c["label"] for c in data["communes"]}
    assert len(labels) == Commune.objects.filter(province_id="24").count() == 99
    assert labels["07486"] == "Xã Nghĩa Phương (trước đây huyện Lục Nam)"

    with django_assert_num_queries(reads):  # the biggest province costs the same
        assert len(client.get(COMMUNES, {"province": "79"}).json()["communes"]) == 168


@pytest.mark.parametrize("value, status", [("", 400), ("abc", 400), ("24 OR 1=1", 400), ("\x00", 400), ("99", 404)])
def test_communes_endpoint_refuses_what_is_not_a_province(client, admin_units, value, status):
    response = client.get(COMMUNES, {"province": value})
    assert response.status_code == status
    assert json.loads(response.content)["error"]


def test_a_commune_of_another_province_is_refused(guest):
    saigon_ward = Commune.objects.filter(province_id="79").order_by("code").first()
    response = guest.post(ADDRESS, address_data(commune=saigon_ward.code))
    assert response.status_code == 200
    assert "Xã/phường này không thuộc tỉnh/thành phố bạn đã chọn" in errors_of(response)
    assert "checkout_data" not in guest.session or "new_address_fields" not in guest.session["checkout_data"].get(
        "shipping", {}
    )


def test_missing_address_parts_are_named(guest):
    response = guest.post(ADDRESS, address_data(line1="", province="", commune=""))
    errors = errors_of(response)
    assert "Chọn tỉnh hoặc thành phố." in errors
    assert "Chọn xã hoặc phường." not in errors  # one thing at a time: the province first
    assert "Trường này là bắt buộc." in errors  # the street


@pytest.fixture
def customer(client, admin_units, home_page, django_user_model):
    user = django_user_model.objects.create_user(
        "lan", "lan@example.vn", "mat-khau-dai-2026", first_name="Lan", last_name="Nguyễn Thị"
    )
    client.force_login(user)
    product = ProductFactory(price=250000)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    return user


def test_a_signed_in_customer_skips_to_the_address_with_their_name(client, customer):
    response = client.get(CONTACT)
    assert response.status_code == 302 and response["Location"] == ADDRESS
    html = page(client.get(ADDRESS))
    assert 'value="Nguyễn Thị Lan"' in html  # family name first, as on their account


def test_a_returning_customer_gets_their_last_address(client, customer):
    basket = Basket.objects.create(owner=customer)
    basket.strategy = Selector().strategy()
    basket.add_product(ProductFactory(price=90000))
    previous = ShippingAddress.objects.create(
        last_name="Nguyễn Thị Lan",
        phone_number="+842043882123",
        line1="Số 5, đường Lê Lợi",
        line4="Xã Nghĩa Phương",
        state="Tỉnh Bắc Ninh",
        country_id="VN",
        province_id="24",
        commune_id="07486",
    )
    create_order(basket=basket, user=customer, shipping_address=previous)

    html = page(client.get(ADDRESS))
    assert 'value="Nguyễn Thị Lan"' in html and 'value="0204 3882 123"' in html
    assert 'value="Số 5, đường Lê Lợi"' in html
    assert '<option value="24" selected>' in html and '<option value="07486" selected>' in html

    response = client.post(ADDRESS, address_data(line1="Số 5, đường Lê Lợi"))
    assert response.status_code == 302
    contact = client.session["checkout_data"]["contact"]
    assert contact == {"name": "Nguyễn Thị Lan", "phone": "+84912345678", "email": "lan@example.vn"}


def test_hostile_values_typed_into_the_forms_get_an_answer(guest):
    from tests.test_hostile_input import HOSTILE_VALUES

    for value in HOSTILE_VALUES:
        for field in ("phone", "name", "email"):
            response = guest.post(CONTACT, {"phone": "0912345678", "name": "Lan", field: value})
            assert response.status_code in (200, 302), (field, value[:30])
        for field in ("name", "phone_number", "line1", "province", "commune", "notes"):
            for extra in ({}, {"choose_province": "1"}):
                response = guest.post(ADDRESS, address_data(**{field: value}, **extra))
                assert response.status_code in (200, 302), (field, value[:30])
