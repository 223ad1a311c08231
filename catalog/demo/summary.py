"""What ``load_demo`` (so ``make demo``) prints at the end: the demo's logins, its orders, and how
to pay in the demo — by card with Stripe's test keys and test cards, by transfer to the demo's
bank account (set by the Makefile's ``demo`` target: not a real account)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.order import statuses
from marketplace.order.notifications import delivery, payment_method
from marketplace.payment.methods.vietqr import SETTINGS as VIETQR_SETTINGS
from marketplace.payment.methods.vietqr import bank_account
from marketplace.site import absolute_url

from . import orders as demo
from .producers import demo_producer_logins
from .site_pages import OFFICE_EMAIL
from .stories import EDITOR_EMAIL

# The demo's bank account for VietQR transfers (Makefile, target ``demo``). Letters in the
# account number: no bank in Vietnam numbers an account so, so no transfer can reach anyone.
DEMO_BANK = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_BANK_NAME": "Vietcombank",
    "VIETQR_ACCOUNT_NUMBER": "OCOPDEMO0000",
    "VIETQR_ACCOUNT_NAME": "CHO OCOP DEMO",
}
CARD_PAYS = "4242 4242 4242 4242"
CARD_DECLINED = "4000 0000 0000 0002"


def logins(staff_email, password):
    lines = [
        _("Staff (shop dashboard /dashboard/ and CMS /cms-admin/): %(email)s / %(password)s")
        % {"email": staff_email, "password": password},
        _("Customer (their orders at /accounts/orders/): %(email)s / %(password)s")
        % {"email": demo.CUSTOMER_EMAIL, "password": demo.PASSWORD},
    ]
    for email, producer in demo_producer_logins():
        lines.append(
            _("Producer %(producer)s (its shop, orders and notices at /dashboard/): %(email)s / %(password)s")
            % {"producer": producer.name, "email": email, "password": demo.PASSWORD}
        )
    if get_user_model().objects.filter(email=EDITOR_EMAIL).exists():
        lines.append(
            _(
                "Province editor (writes news, fairs and live sessions, approves the producers' stories at "
                "/cms-admin/): %(email)s / %(password)s"
            )
            % {"email": EDITOR_EMAIL, "password": demo.PASSWORD}
        )
    if get_user_model().objects.filter(email=OFFICE_EMAIL).exists():
        lines.append(
            _(
                "Province OCOP office (approves and publishes what the editors submit, at /cms-admin/): "
                "%(email)s / %(password)s"
            )
            % {"email": OFFICE_EMAIL, "password": demo.PASSWORD}
        )
    return lines


def order_line(order):
    method = payment_method(order)
    name = order.shipping_address.salutation if order.shipping_address else ""
    who = (_("customer %(name)s") if order.user_id else _("guest %(name)s")) % {"name": name}
    parts = [
        f"{order.number}",
        str(statuses.ORDER_LABELS.get(order.status, order.status)),
        str(method.label) if method else "",
        delivery(order)["label"],
        who,
    ]
    text = " · ".join(part for part in parts if part)
    if not order.user_id:
        path = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
        text += "\n      " + _("the guest's tracking page: %(url)s") % {"url": absolute_url(path)}
    return text


def card_payment():
    if settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY:
        keys = _("Card payments are on (Stripe keys set).")
    else:
        keys = _(
            "Card payments need Stripe's test-mode keys: set STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and "
            'STRIPE_WEBHOOK_SECRET (README, "Card payments (Stripe)") and run make demo again.'
        )
    webhook = absolute_url(reverse("payment:stripe-webhook"))
    return [
        _("Paying by card (Stripe test mode):"),
        f"  {keys}",
        "  "
        + _("Forward Stripe's events to the shop: %(command)s (it prints the webhook secret).")
        % {"command": f"stripe listen --forward-to {webhook.split('://', 1)[-1]}"},
        "  "
        + _("Test card %(pays)s pays, %(declined)s is declined; any future expiry date, any CVC.")
        % {"pays": CARD_PAYS, "declined": CARD_DECLINED},
    ]


def bank_transfer():
    account = bank_account()
    if account is None:
        return [_("Bank transfer (VietQR) is off: set %(settings)s.") % {"settings": ", ".join(VIETQR_SETTINGS)}]
    details = _("%(bank)s, account %(number)s (%(name)s)") % {
        "bank": account.bank_name,
        "number": account.number,
        "name": account.name,
    }
    if account.number == DEMO_BANK["VIETQR_ACCOUNT_NUMBER"]:
        return [
            _("Bank transfer (VietQR) to the demo's account: %(account)s.") % {"account": details},
            "  " + _("A demo account: do not transfer real money to it."),
        ]
    return [_("Bank transfer (VietQR) goes to %(account)s.") % {"account": details}]


def summary(staff_email, password, orders):
    """The lines ``load_demo`` prints; ``orders`` as :func:`catalog.demo.orders.load_orders` gives."""
    return [
        _("Demo data loaded."),
        "",
        _("Logins:"),
        *(f"  {line}" for line in logins(staff_email, password)),
        "",
        _("Demo orders (staff see them all at /dashboard/orders/):"),
        *(f"  {order_line(order)}" for order in orders.values()),
        "",
        *card_payment(),
        "",
        *bank_transfer(),
    ]
