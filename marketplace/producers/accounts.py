"""Producer accounts: how a person becomes one of a producer's users (``Partner.users``).

Two ways in, both ending with the user linked to the producer and given Oscar's
``partner.dashboard_access`` permission, the producer area being ``/dashboard/``:

* **Staff invite** a person by e-mail from the producer's page in the dashboard
  (:func:`invite`). An existing account with that address is linked; otherwise an account
  without a usable password is made. The e-mail carries a one-time link (Django's password-reset
  token machinery, with its own salt, :class:`InvitationTokenGenerator`) to a page where the
  person chooses a password and lands, signed in, in the producer area. Inviting again links
  nothing twice and makes no second account: it sends a fresh link.
* **A producer claims its account** (:func:`find_producer`, :func:`send_claim`): a signed-in
  user gives the registry code and tax code of a synced, active producer. Knowing both is not
  enough — a tax code is printed on every invoice — so the confirmation link goes to the
  producer's e-mail address *as the national registry has it*, never to the address the user
  typed or signed up with: only whoever reads the registered mailbox can confirm. The link is
  signed (``TimestampSigner``), lasts :data:`CLAIM_MAX_AGE`, names the user and the producer,
  and works once (:func:`read_claim`).

Who reaches what once linked is the ownership rule's business (``access.py``); unlinking stays
Oscar's (the partner page's "Unlink user").
"""

import logging
import re
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_model

from marketplace import emails
from marketplace.logins import client_ip

log = logging.getLogger(__name__)
Partner = get_model("partner", "Partner")


class Event:
    """The codes of the communication event types (marketplace/customer/migrations/0009)."""

    INVITATION = "PRODUCER_INVITATION"
    CLAIM = "PRODUCER_CLAIM"


class InviteError(Exception):
    """An invitation that cannot be made; the message says why, for staff."""


def dashboard_permission():
    return Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")


def link_user(user, partner):
    """Make ``user`` one of ``partner``'s users with the dashboard permission, as Oscar's partner
    dashboard does (``PartnerUserLinkView.link_user``), and give back the permission to a user who
    is linked but lost it. Returns whether the user was newly linked."""
    linked = not partner.users.filter(pk=user.pk).exists()
    if linked:
        partner.users.add(user)
    if not user.is_staff:
        user.user_permissions.add(dashboard_permission())
    return linked


# --- Staff invite a user by e-mail ----------------------------------------------------------------


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset tokens under their own salt: an invitation link is not a
    password-reset link, nor the other way round. Like those, it lasts
    ``PASSWORD_RESET_TIMEOUT`` (three days) and dies once the password is set or the user signs in."""

    key_salt = "marketplace.producers.accounts.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user):
    return reverse(
        "customer:producer-welcome",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_tokens.make_token(user)},
    )


def invite(partner, email):
    """Link the account with address ``email`` to ``partner``, making one (without a usable
    password) when there is none, and e-mail it a link to choose a password once the change is
    committed. Returns ``(user, created, linked)``; raises :class:`InviteError` for an address
    shared by several accounts (staff pick one with "Link an existing user") or for a
    deactivated account (reactivating it is a decision of its own)."""
    User = get_user_model()
    email = normalise_email(email)
    with transaction.atomic():
        users = list(User._default_manager.filter(email__iexact=email).order_by("pk")[:2])
        if len(users) > 1:
            raise InviteError("several")
        created = not users
        if created:
            user = User._default_manager.create_user(username=generate_username(), email=email, password=None)
        else:
            user = users[0]
            if not user.is_active:
                raise InviteError("inactive")
        linked = link_user(user, partner)
    user_id, partner_id = user.pk, partner.pk
    transaction.on_commit(lambda: send_invitation(user_id, partner_id), robust=True)
    return user, created, linked


def generate_username():
    """A random user name, as Oscar's registration makes one (people sign in by e-mail)."""
    from oscar.apps.customer.forms import generate_username as oscar_generate_username

    return oscar_generate_username()


def send_invitation(user_id, partner_id):
    """The invitation e-mail, in the user's language, with a fresh one-time link."""
    user = get_user_model()._default_manager.get(pk=user_id)
    partner = Partner.objects.get(pk=partner_id)
    context = {
        "user": user,
        "producer": partner,
        "invitation_url": emails.absolute_url(invitation_path(user)),
        "login_url": emails.absolute_url(reverse("customer:login") + "?next=" + reverse("dashboard:index")),
        "has_password": user.has_usable_password(),
    }
    return emails.send(Event.INVITATION, user.email, context, emails.user_language(user))


# --- A producer claims its account ---------------------------------------------------------------

#: How long a claim's confirmation link works.
CLAIM_MAX_AGE = 3 * 24 * 3600
CLAIM_SALT = "marketplace.producers.accounts.claim"
#: Claims one user, or one address, may try in :data:`CLAIM_WINDOW` seconds.
CLAIM_ATTEMPTS = 5
CLAIM_WINDOW = 3600
_IGNORED = re.compile(r"[\s\-\u2010-\u2015\u2212]+")  # spaces and dashes (hyphens, en and em dashes, minus)


def normalise_code(value):
    """A registry or tax code as compared: no spaces or dashes, upper case."""
    return _IGNORED.sub("", value or "").upper()


def _normalised(field):
    return Upper(Replace(Replace(field, Value(" "), Value("")), Value("-"), Value("")))


def find_producer(registry_code, tax_code):
    """The synced, active producer with both codes (compared by :func:`normalise_code`), or
    ``None``. One query whichever code is wrong, so the answer's time does not tell either."""
    registry_code, tax_code = normalise_code(registry_code), normalise_code(tax_code)
    if not (registry_code and tax_code):
        return None
    return (
        Partner.objects.filter(is_active=True, registry_code__isnull=False)
        .exclude(tax_code="")
        .alias(registry_key=_normalised("registry_code"), tax_key=_normalised("tax_code"))
        .filter(registry_key=registry_code, tax_key=tax_code)
        .order_by("pk")
        .first()
    )


def _attempt_keys(request):
    return [f"producer-claim:user:{request.user.pk}", f"producer-claim:ip:{client_ip(request)}"]


def claims_left(request):
    """How many more claims this user from this address may try now."""
    used = cache.get_many(_attempt_keys(request)).values()
    return max(0, CLAIM_ATTEMPTS - max(used, default=0))


def count_claim(request):
    """Count one claim for the user and for the address; the count starts over
    :data:`CLAIM_WINDOW` seconds after the first."""
    for key in _attempt_keys(request):
        if not cache.add(key, 1, CLAIM_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, CLAIM_WINDOW)


def mask_email(email):
    """``hoa.nguyen@example.vn`` → ``h***@example.vn``: enough for the owner to recognise the
    mailbox, too little for anyone else to learn it."""
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}"


def _claim_state(partner):
    """What the link is bound to besides its user and producer: the producer record's last
    change, which linking a user moves on (:func:`confirm_claim`). A link used once, or made
    before someone was linked or unlinked, no longer matches — even if staff later unlink the
    user it linked."""
    return partner.date_updated.isoformat()


def claim_payload(user, partner):
    return {"u": user.pk, "p": partner.pk, "s": _claim_state(partner)}


def make_claim_token(user, partner):
    return signing.TimestampSigner(salt=CLAIM_SALT).sign_object(claim_payload(user, partner))


class ClaimLinkError(Exception):
    """A confirmation link that does nothing; ``reason`` is one of ``expired``, ``invalid``,
    ``other_user``, ``used``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def read_claim(token, user):
    """The producer that ``token`` (a confirmation link) lets ``user`` join, or
    :class:`ClaimLinkError`. Nothing is changed."""
    try:
        data = signing.TimestampSigner(salt=CLAIM_SALT).unsign_object(token, max_age=CLAIM_MAX_AGE)
    except signing.SignatureExpired:
        raise ClaimLinkError("expired") from None
    except (signing.BadSignature, ValueError, UnicodeError):
        raise ClaimLinkError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        raise ClaimLinkError("invalid")
    if data.get("u") != user.pk:
        raise ClaimLinkError("other_user")
    partner = Partner.objects.filter(pk=data["p"], is_active=True).first()
    if partner is None:
        raise ClaimLinkError("invalid")
    if data.get("s") != _claim_state(partner) or partner.users.filter(pk=user.pk).exists():
        raise ClaimLinkError("used")
    return partner


def confirm_claim(token, user):
    """Link ``user`` to the producer of a valid confirmation link (see :func:`read_claim`)."""
    with transaction.atomic():
        partner = read_claim(token, user)
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        read_claim(token, user)  # again under the lock: two tabs confirming at once link once
        link_user(user, partner)
        # The link's state moves on, so it is used. An update, not save(): a save would re-index
        # the producer's products for nothing.
        Partner.objects.filter(pk=partner.pk).update(date_updated=timezone.now())
    log.info("User %s joined producer %s through a confirmed claim", user.pk, partner.pk)
    return partner


def send_claim(request, partner):
    """E-mail the producer's registered address a link confirming that the signed-in user may
    join it. Returns whether the e-mail went out (``False`` when the mail server refused it)."""
    user = request.user
    path = reverse("customer:producer-claim-confirm", kwargs={"token": make_claim_token(user, partner)})
    context = {
        "producer": partner,
        "user": user,
        "confirm_url": emails.absolute_url(path),
        "max_age_days": CLAIM_MAX_AGE // (24 * 3600),
    }
    try:
        # Producers have no language setting: the registry's mailbox reads the site's language.
        emails.send(Event.CLAIM, partner.email, context, settings.LANGUAGE_CODE)
    except (smtplib.SMTPException, OSError):
        log.exception("Claim e-mail for producer %s not sent", partner.pk)
        return False
    log.info("User %s claimed producer %s; confirmation sent to its registered address", user.pk, partner.pk)
    return True
