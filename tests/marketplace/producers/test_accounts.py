"""Producer accounts, through the pages people use: staff invite a user by e-mail from the
producer's page; a signed-in user claims a producer with its registry and tax codes and confirms
through the link sent to the producer's registered address; a producer's user lands in the
producer area after logging in."""

import datetime
import json
import re
from urllib.parse import urlencode, urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.producers import accounts
from tests.factories import ProducerFactory, producer_user

pytestmark = pytest.mark.django_db

CLAIM = "/accounts/producer/claim/"
WRONG_PAIR = "No OCOP producer has this registry code together with this tax code"
PASSWORD = "mat-khau-dai-2026"


@pytest.fixture(autouse=True)
def english(settings, email_event_types):
    """Pages and e-mails in English, so that the assertions read their words."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def producer(db):
    return ProducerFactory(
        name="Hợp tác xã Mật ong Lục Nam",
        registry_code="24-218-HTX-0003",
        tax_code="2400123456",
        email="hoa.nguyen@htx-lucnam.vn",
    )


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "vanphong", "vp@ocop.local", PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("lan", "lan@example.vn", PASSWORD)


def link_in(message):
    """The site path of the (only) link to our account pages in an e-mail."""
    [url] = set(re.findall(r"https?://\S+/accounts/producer/\S+/", message.body))
    return urlsplit(url).path


def dashboard_access(user):
    user = type(user).objects.get(pk=user.pk)  # permissions are cached on the instance
    return user.has_perm("partner.dashboard_access")


def invite(client, producer, email, capture):
    with capture(execute=True):
        response = client.post(reverse("producer-invite", kwargs={"pk": producer.pk}), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:partner-manage", kwargs={"pk": producer.pk})
    return client.get(response["Location"])


# --- Staff invite a user by e-mail --------------------------------------------------------------


def test_staff_invite_a_new_user_who_chooses_a_password_once_and_lands_in_the_producer_area(
    client, producer, staff, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = client.get(reverse("dashboard:partner-manage", kwargs={"pk": producer.pk}))
    assert "Invite by e-mail" in page.content.decode()

    page = invite(client, producer, "Minh.Tran@HTX-LucNam.vn", django_capture_on_commit_callbacks)
    assert "An account was made for Minh.Tran@htx-lucnam.vn" in page.content.decode()
    user = django_user_model.objects.get(email__iexact="minh.tran@htx-lucnam.vn")
    assert not user.has_usable_password()
    assert list(producer.users.all()) == [user]
    assert dashboard_access(user)
    [message] = mail.outbox
    assert message.to == ["Minh.Tran@htx-lucnam.vn"]
    assert "Hợp tác xã Mật ong Lục Nam" in message.subject

    client.logout()
    link = link_in(message)
    choose = client.get(link, follow=True)
    assert choose.status_code == 200 and "Hợp tác xã Mật ong Lục Nam" in choose.content.decode()
    set_password_url = choose.redirect_chain[-1][0]
    new_password = {"new_password1": "Ong-mat-Luc-Nam-2026", "new_password2": "Ong-mat-Luc-Nam-2026"}
    done = client.post(set_password_url, new_password)
    assert done.status_code == 302 and done["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200  # signed in, in the producer area
    user.refresh_from_db()
    assert user.check_password("Ong-mat-Luc-Nam-2026")

    client.logout()
    again = client.get(link, follow=True)
    assert "This invitation link has expired or has already been used." in again.content.decode()
    user.refresh_from_db()
    assert user.check_password("Ong-mat-Luc-Nam-2026")


def test_inviting_an_existing_account_links_it_and_inviting_again_creates_nothing(
    client, producer, staff, customer, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = invite(client, producer, "LAN@example.vn", django_capture_on_commit_callbacks)
    assert "The account lan@example.vn was linked to Hợp tác xã Mật ong Lục Nam" in page.content.decode()
    page = invite(client, producer, "lan@example.vn", django_capture_on_commit_callbacks)
    assert "already belongs to Hợp tác xã Mật ong Lục Nam: the invitation was sent again" in page.content.decode()

    assert django_user_model.objects.filter(email__iexact="lan@example.vn").count() == 1
    assert list(producer.users.all()) == [customer]
    assert dashboard_access(customer)
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)  # the invitation changes no password
    assert [m.to for m in mail.outbox] == [["lan@example.vn"], ["lan@example.vn"]]
    assert "Sign in with your password" in mail.outbox[1].body  # an account with a password may just sign in


def test_an_invitation_is_refused_for_a_bad_address_a_shared_one_or_a_deactivated_account(
    client, producer, staff, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user("a", "chung@example.vn", PASSWORD)
    django_user_model.objects.create_user("b", "Chung@example.vn", PASSWORD)
    django_user_model.objects.create_user("c", "nghi@example.vn", PASSWORD, is_active=False)
    client.force_login(staff)
    for email, answer in [
        ("khong-phai-email", "Invitation not sent: Enter a valid email address."),
        ("chung@example.vn", "Several accounts use chung@example.vn."),
        ("nghi@example.vn", "The account nghi@example.vn is deactivated."),
    ]:
        assert answer in invite(client, producer, email, django_capture_on_commit_callbacks).content.decode()
    assert not producer.users.exists()
    assert mail.outbox == []


def test_only_staff_invite(client, producer, customer, django_capture_on_commit_callbacks):
    url = reverse("producer-invite", kwargs={"pk": producer.pk})
    assert client.post(url, {"email": "x@example.vn"})["Location"].startswith("/accounts/login/")
    client.force_login(producer_user(producer))
    assert client.post(url, {"email": "x@example.vn"}).status_code == 403
    client.force_login(customer)
    assert client.post(url, {"email": "x@example.vn"}).status_code == 403
    assert producer.users.count() == 1 and mail.outbox == []


# --- A producer claims its account ---------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in_or_register_first_and_the_login_page_links_the_claim(client):
    response = client.get(CLAIM)
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={CLAIM}"
    page = client.get(response["Location"]).content.decode()
    assert f'href="{CLAIM}"' in page


def test_a_claim_is_confirmed_through_the_link_sent_to_the_registered_address(
    client, producer, customer, django_assert_max_num_queries
):
    client.force_login(customer)
    client.get(CLAIM)  # the first page of a session makes the customer's basket
    with django_assert_max_num_queries(12):  # session, user, permissions, basket, menu, own producers
        page = client.get(CLAIM)
    assert page.status_code == 200 and 'name="registry_code"' in page.content.decode()
    assert f'href="{CLAIM}"' in client.get("/accounts/profile/").content.decode()  # the account area links it

    # Typed any way: spaces, dashes, letter case do not matter.
    answer = client.post(CLAIM, {"registry_code": " 24 218 htx 0003 ", "tax_code": "2400-123-456"})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "We sent a confirmation to the producer's registered e-mail h***@htx-lucnam.vn." in page
    assert "while signed in to this account (lan@example.vn)" in page
    [message] = mail.outbox
    assert message.to == ["hoa.nguyen@htx-lucnam.vn"]  # the registry's address, not the user's
    assert "lan@example.vn" in message.body
    assert not producer.users.exists()

    link = link_in(message)
    confirm = client.get(link)
    assert confirm.status_code == 200 and "Hợp tác xã Mật ong Lục Nam" in confirm.content.decode()
    assert not producer.users.exists()  # opening the link changes nothing by itself
    done = client.post(link)
    assert done.status_code == 302 and done["Location"] == "/dashboard/"
    assert list(producer.users.all()) == [customer]
    assert dashboard_access(customer)
    assert client.get("/dashboard/").status_code == 200

    # The link works once, even after staff unlink the user again.
    assert client.post(link).status_code == 410
    producer.users.remove(customer)
    used = client.post(link)
    assert used.status_code == 410 and "already been used" in used.content.decode()
    assert not producer.users.exists()


@pytest.mark.parametrize(
    "registry_code, tax_code",
    [
        ("24-218-HTX-0003", "2400999999"),  # the right registry code, a wrong tax code
        ("24-218-HTX-0004", "2400123456"),  # another producer's registry code with this tax code
        ("99-999-KHONG-CO", "2400123456"),  # no such registry code
        ("24-218-HTX-0004", "2400777777"),  # another producer's own pair: it is inactive
        ("HTX-KHONG-DONG-BO", "2400888888"),  # a producer not from the registry
    ],
)
def test_a_wrong_pair_gets_one_answer_whichever_code_is_wrong(client, producer, customer, registry_code, tax_code):
    ProducerFactory(registry_code="24-218-HTX-0004", tax_code="2400777777", email="x@example.vn", is_active=False)
    ProducerFactory(registry_code=None, code="htx-khong-dong-bo", tax_code="2400888888", email="y@example.vn")
    client.force_login(customer)
    answer = client.post(CLAIM, {"registry_code": registry_code, "tax_code": tax_code})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert WRONG_PAIR in page and "***" not in page
    assert mail.outbox == []


def test_empty_or_blank_codes_are_asked_for_and_not_counted(client, producer, customer):
    client.force_login(customer)
    for _ in range(accounts.CLAIM_ATTEMPTS + 1):
        answer = client.post(CLAIM, {"registry_code": " - ", "tax_code": ""})
        assert answer.status_code == 200 and "Enter the code." in answer.content.decode()
    assert client.post(CLAIM, {"registry_code": "24-218-HTX-0003", "tax_code": "2400123456"}).status_code == 200
    assert len(mail.outbox) == 1


def test_claims_are_throttled_per_user_and_per_address(client, producer, customer, django_user_model):
    client.force_login(customer)
    for _ in range(accounts.CLAIM_ATTEMPTS):
        assert WRONG_PAIR in client.post(CLAIM, {"registry_code": "24-218-HTX-0003", "tax_code": "1"}).content.decode()
    refused = client.post(CLAIM, {"registry_code": "24-218-HTX-0003", "tax_code": "2400123456"})
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    # From another address, the same user is still refused; another user there is not.
    assert client.post(CLAIM, {"registry_code": "x", "tax_code": "y"}, REMOTE_ADDR="203.0.113.9").status_code == 429
    client.force_login(django_user_model.objects.create_user("hoa", "hoa@example.vn", PASSWORD))
    assert client.post(CLAIM, {"registry_code": "x", "tax_code": "y"}).status_code == 429  # same address
    right = {"registry_code": "24-218-HTX-0003", "tax_code": "2400123456"}
    other = client.post(CLAIM, right, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200 and "h***@htx-lucnam.vn" in other.content.decode()
    assert len(mail.outbox) == 1
    # An hour later the user may try again.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        client.force_login(customer)
        assert client.post(CLAIM, {"registry_code": "x", "tax_code": "y"}).status_code == 200


def test_a_producer_without_an_e_mail_address_is_told_to_ask_for_an_invitation(client, customer, settings):
    settings.OCOP_OFFICE_CONTACT = "Văn phòng Điều phối OCOP tỉnh Bắc Giang — 0204 3854 123"
    ProducerFactory(registry_code="24-218-HTX-0009", tax_code="2400123999", email="")
    client.force_login(customer)
    page = client.post(CLAIM, {"registry_code": "24-218-HTX-0009", "tax_code": "2400123999"}).content.decode()
    assert "The national registry has no e-mail address for this producer" in page
    assert "must invite you" in page and "Văn phòng Điều phối OCOP tỉnh Bắc Giang — 0204 3854 123" in page
    assert mail.outbox == []


def claim_link(client, customer):
    client.force_login(customer)
    client.post(CLAIM, {"registry_code": "24-218-HTX-0003", "tax_code": "2400123456"})
    return link_in(mail.outbox[-1])


def test_a_tampered_link_or_another_users_changes_nothing(client, producer, customer, django_user_model):
    link = claim_link(client, customer)
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = accounts.signing.TimestampSigner(salt=accounts.CLAIM_SALT).unsign_object(token)  # readable, not forgeable
    forged["u"] = customer.pk + 1
    payload = accounts.signing.b64_encode(json.dumps(forged, separators=(",", ":")).encode()).decode()
    for bad in [
        link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:],  # a changed character of the signature
        f"{CLAIM}{payload}:{token.rsplit(':', 2)[1]}:{token.rsplit(':', 1)[1]}/",  # another payload, the old signature
        f"{CLAIM}{token[:-2]}/",
        f"{CLAIM}x/",
    ]:
        for method in (client.get, client.post):
            answer = method(bad)
            assert answer.status_code == 400, bad
            assert "This confirmation link is not valid." in answer.content.decode()
    client.force_login(django_user_model.objects.create_user("hoa", "hoa@example.vn", PASSWORD))
    answer = client.post(link)
    assert answer.status_code == 403 and "made for another account" in answer.content.decode()
    assert not producer.users.exists()


def test_an_expired_link_changes_nothing(client, producer, customer):
    link = claim_link(client, customer)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3, minutes=1)):
        client.force_login(customer)
        answer = client.post(link)
    assert answer.status_code == 410 and "has expired" in answer.content.decode()
    assert not producer.users.exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, hours=23)):
        client.force_login(customer)
        assert client.post(link).status_code == 302  # still within its three days
    assert list(producer.users.all()) == [customer]


def test_following_the_link_signed_out_asks_to_log_in_and_comes_back(client, producer, customer):
    link = claim_link(client, customer)
    client.logout()
    answer = client.get(link)
    assert answer.status_code == 302 and answer["Location"] == "/accounts/login/?" + urlencode({"next": link}, safe="/")
    assert not producer.users.exists()


# --- Producers land on their own area -------------------------------------------------------------


def log_in(client, email, next_url=""):
    return client.post(
        "/accounts/login/",
        {
            "login-username": email,
            "login-password": PASSWORD,
            "login-redirect_url": next_url,
            "login_submit": "Log In",
        },
    )


def test_a_producers_user_lands_in_the_producer_area_a_customer_where_customers_do(client, producer, customer):
    user = producer_user(producer)
    assert log_in(client, user.email)["Location"] == "/dashboard/"
    client.logout()
    assert log_in(client, customer.email)["Location"] == "/"


def test_an_explicit_next_wins_and_an_unsafe_one_is_ignored(client, producer):
    user = producer_user(producer)
    assert log_in(client, user.email, "/basket/")["Location"] == "/basket/"
    client.logout()
    assert log_in(client, user.email, "https://evil.example/")["Location"] == "/dashboard/"
    client.logout()
    assert log_in(client, user.email, "//evil.example/")["Location"] == "/dashboard/"


def test_a_user_linked_without_dashboard_access_is_not_sent_to_it(client, producer, customer):
    producer.users.add(customer)
    assert log_in(client, customer.email)["Location"] == "/"


def test_the_address_is_masked():
    assert accounts.mask_email("hoa.nguyen@htx-lucnam.vn") == "h***@htx-lucnam.vn"
    assert accounts.mask_email("a@b.vn") == "a***@b.vn"
