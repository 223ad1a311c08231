"""The first two steps of the checkout, Oscar's views forked: contact, then the address.

1. Contact (``IndexView``, ``/checkout/``): a guest gives a name and a Vietnamese phone
   number, and an e-mail only if they want to; nobody must open an account. Signed-in customers
   skip it when the address step will ask for their phone.
2. Address (``ShippingAddressView``, ``/checkout/shipping-address/``): the recipient's name and
   phone (filled from the contact, or from a customer's last order), the street, then today's
   province → commune. Works without JavaScript (the "Show communes" button reloads the form);
   with it, ``CommunesView`` (``/checkout/communes/?province=24``) refills the commune list.

3. Delivery (``ShippingMethodView``, ``/checkout/shipping-method/``): the ways the delivery rules
   (marketplace/shipping/rules.py) allow for this basket and address, each with its price and
   what it means — home delivery parcel by parcel, or pickup at a sales point that holds
   everything — and, when a way is missing, why and what to do. Shown even when there is one
   way, so the shopper sees the delivery price before paying.
4. Payment (``PaymentMethodView``, ``/checkout/payment-method/``): the methods of the payment
   interface (marketplace/payment/methods/), the ones that cannot pay this order shown with why.
5. Review (``PaymentDetailsView``, ``/checkout/preview/``): everything on one page, and "Place
   order". Placement (marketplace/order/utils.py) checks listing, stock and prices again under
   row locks, reserves a pickup's items at the point, and writes the order with its payment
   method; a cash-on-delivery order goes to the producers at once, a card or transfer order once
   its money is recorded. Problems are listed on the review page and nothing is placed or charged.
6. Confirmation (``ThankYouView``, ``/checkout/thank-you/``): the order, how to pay it (the card
   form, the transfer QR code, or nothing for cash) and the link to follow it.

The steps keep their results in the session (:class:`marketplace.checkout.utils.CheckoutSessionData`):
``contact``, Oscar's ``shipping.new_address_fields`` and ``shipping.method_code``, and Oscar's
``payment.method`` (a payment method's code).
"""

import logging
import re

import stripe
from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.checkout import signals
from oscar.apps.checkout import views as oscar_views
from oscar.apps.payment.exceptions import UnableToTakePayment
from oscar.core.loading import get_class, get_classes, get_model
from phonenumber_field.phonenumber import PhoneNumber

from marketplace.adminunits.pickers import commune_choices
from marketplace.order import statuses
from marketplace.order.utils import AlreadyPlaced, CannotPlaceOrder
from marketplace.payment import methods as payment_methods
from marketplace.payment.records import payment_source

logger = logging.getLogger(__name__)

ContactForm, ShippingAddressForm, ShippingMethodForm, PaymentMethodForm = get_classes(
    "checkout.forms", ["ContactForm", "ShippingAddressForm", "ShippingMethodForm", "PaymentMethodForm"]
)
CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")
Repository = get_class("shipping.repository", "Repository")
ShippingAddress = get_model("order", "ShippingAddress")
Order = get_model("order", "Order")

COMMUNES_MAX_AGE = 24 * 60 * 60  # the units change by decree, not by the hour


def _phone(value):
    """A stored phone (E.164 text or PhoneNumber) as the form shows it: "0912 345 678"."""
    if not value or isinstance(value, PhoneNumber):
        return value or ""
    return PhoneNumber.from_string(value)


def _account_name(user):
    """A customer's name from their account, family name first as Vietnamese names are written."""
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


def _last_address(user):
    return (
        ShippingAddress.objects.filter(order__user=user, commune__isnull=False)
        .order_by("-order__date_placed", "-pk")
        .first()
    )


class IndexView(CheckoutSessionMixin, generic.FormView):
    """Step 1, contact: who is ordering (name, phone, and an e-mail if they like)."""

    template_name = "oscar/checkout/gateway.html"
    form_class = ContactForm
    success_url = reverse_lazy("checkout:shipping-address")
    pre_conditions = ["check_basket_is_not_empty", "check_basket_is_valid"]

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.basket.is_shipping_required():
            signals.start_checkout.send_robust(sender=self, request=request)
            return redirect(self.get_success_url())  # the address step asks for name and phone
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.user.is_authenticated:
            del form.fields["email"]  # their account's
        return form

    def get_initial(self):
        contact = self.checkout_session.contact()
        if contact:
            return {**contact, "phone": _phone(contact["phone"])}
        user = self.request.user
        if user.is_authenticated:
            last = _last_address(user)
            if last:
                return {"name": last.salutation, "phone": _phone(last.phone_number)}
            return {"name": _account_name(user)}
        return {}

    def form_valid(self, form):
        user = self.request.user
        email = user.email if user.is_authenticated else form.cleaned_data["email"]
        self.checkout_session.set_contact(form.cleaned_data["name"], form.cleaned_data["phone"].as_e164, email)
        signals.start_checkout.send_robust(sender=self, request=self.request, email=email)
        return redirect(self.get_success_url())


class ShippingAddressView(oscar_views.ShippingAddressView):
    """Step 2, address: Oscar's view with the Vietnamese form and no address book (its entries
    carry no units); a customer's form starts from their last order's address instead."""

    form_class = ShippingAddressForm

    def get_initial(self):
        fields = self.checkout_session.new_shipping_address_fields()
        if fields:
            return self._initial_from(ShippingAddress(**fields))
        user = self.request.user
        if user.is_authenticated:
            last = _last_address(user)
            return self._initial_from(last) if last else {"name": _account_name(user)}
        contact = self.checkout_session.contact() or {}
        return {"name": contact.get("name", ""), "phone_number": _phone(contact.get("phone"))}

    @staticmethod
    def _initial_from(address):
        return {
            "name": address.salutation,
            "phone_number": _phone(address.phone_number),
            "line1": address.line1,
            "province": address.province_id,
            "commune": address.commune_id,
            "notes": address.notes,
        }

    def get_available_addresses(self):
        return []

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)
        if "choose_province" in request.POST:
            # Without JavaScript, "Show the communes" (or Enter in a field, which presses the
            # form's first button): the same form with the chosen province's communes, unjudged.
            names = self.get_form_class().base_fields
            form = self.get_form_class()(initial={name: request.POST.get(name, "") for name in names})
            return self.render_to_response(self.get_context_data(form=form))
        return self.form_invalid(form)

    def form_valid(self, form):
        address = form.instance
        self.checkout_session.ship_to_new_address({k: v for k, v in address.__dict__.items() if not k.startswith("_")})
        user = self.request.user
        if user.is_authenticated:
            self.checkout_session.set_contact(address.last_name, address.phone_number.as_e164, user.email)
        return redirect(self.get_success_url())


class ShippingMethodView(oscar_views.ShippingMethodView):
    """Step 3, delivery: the ways this basket can reach this address, each explained and priced,
    and why any other way is missing (the delivery rules' ``Options``)."""

    form_class = ShippingMethodForm

    def get(self, request, *args, **kwargs):
        if not request.basket.is_shipping_required():
            return super().get(request, *args, **kwargs)  # services only: nothing to ship
        if not self.checkout_session.is_shipping_address_set():
            messages.error(request, _("Please give the delivery address first."))
            return redirect("checkout:shipping-address")
        self._methods = self.get_available_shipping_methods()
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def get_available_shipping_methods(self):
        repository = Repository()
        self._options = repository.options(
            self.request.basket, self.get_shipping_address(self.request.basket), request=self.request
        )
        methods = self._options.methods
        if self.request.basket.has_shipping_discounts:
            methods = repository.apply_shipping_offers(self.request.basket, methods)
        return methods

    def get_initial(self):
        codes = [method.code for method in self._methods]
        chosen = self.checkout_session.shipping_method_code(self.request.basket)
        return {"method_code": chosen if chosen in codes else (codes[0] if codes else None)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        basket = self.request.basket
        context["choices"] = [(method, method.calculate(basket)) for method in self._methods]
        context["options"] = self._options
        return context

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))


class PaymentMethodView(CheckoutSessionMixin, generic.FormView):
    """Step 4, payment: the payment interface's methods for this order's total; those that cannot
    pay it are shown, disabled, with the reason (cash on delivery above its limit, …)."""

    template_name = "oscar/checkout/payment_method.html"
    form_class = PaymentMethodForm
    success_url = reverse_lazy("checkout:preview")
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_shipping_data_is_captured",
    ]

    def choices(self):
        return self.payment_choices(self.request.basket)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": self.choices()}

    def get_initial(self):
        enabled = [c.method.code for c in self.choices() if c.enabled]
        chosen = self.checkout_session.payment_method()
        return {"method": chosen if chosen in enabled else (enabled[0] if enabled else None)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["choices"] = self.choices()
        return context

    def form_valid(self, form):
        self.checkout_session.pay_by(form.cleaned_data["method"])
        return redirect(self.get_success_url())


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    """Step 5, review and place the order (``/checkout/preview/``); ``/checkout/payment-details/``
    (Oscar's page for card details, which Stripe's own form replaces) leads to it."""

    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        placing = request.method == "POST" and request.POST.get("action") == "place_order"
        if placing and request.basket.is_empty and request.session.get("checkout_order_id"):
            # "Place order" sent again after the order was placed (a double tap, Back then submit).
            return redirect("checkout:thank-you")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        choice = self.payment_choice(self.request.basket)
        context["payment_method"] = choice.method if choice else None
        context["producers"] = producer_groups(self.request.basket.all_lines())
        return context

    def handle_place_order_submission(self, request):
        if request.POST.get("total") and request.POST["total"] != str(int(self.order_total(request.basket).incl_tax)):
            # The page the shopper confirmed showed another total (a price or a delivery changed).
            messages.warning(request, _("The total has changed since the page was shown: please check it again."))
            return redirect("checkout:preview")
        return super().handle_place_order_submission(request)

    def handle_payment(self, order_number, total, **kwargs):
        """No money moves before the order exists: only check that the chosen method can pay it."""
        choice = self.payment_choice(self.request.basket)
        if choice is None or not choice.enabled:
            raise UnableToTakePayment(choice.reason if choice else _("Please choose how you pay."))

    def render_payment_details(self, request, **kwargs):
        if kwargs.get("error"):
            messages.error(request, kwargs["error"])
        return redirect("checkout:payment-method")

    def send_order_placed_email(self, order):
        """Oscar's order confirmation, to a customer or to a guest who gave an e-mail (a guest may
        give only a phone number: the confirmation page then holds the tracking link)."""
        if order.user_id or order.guest_email:
            super().send_order_placed_email(order)

    def handle_order_placement(
        self,
        order_number,
        user,
        basket,
        shipping_address,
        shipping_method,
        shipping_charge,
        billing_address,
        order_total,
        surcharges=None,
        **kwargs,
    ):
        choice = self.payment_choice(basket)
        try:
            with transaction.atomic():
                order = self.place_order(
                    order_number=order_number,
                    user=user,
                    basket=basket,
                    shipping_address=shipping_address,
                    shipping_method=shipping_method,
                    shipping_charge=shipping_charge,
                    order_total=order_total,
                    billing_address=billing_address,
                    surcharges=surcharges,
                    **kwargs,
                )
                basket.submit()
                payment_source(order, choice.method.code)  # how the order is to be paid
                statuses.refresh(order)  # cash on delivery: to the producers at once
        except AlreadyPlaced as placed:
            # The same checkout sent twice at once: the other request placed it.
            basket.submit()
            self.checkout_session.flush()
            self.request.session["checkout_order_id"] = placed.order.pk
            return redirect("checkout:thank-you")
        except CannotPlaceOrder as refused:
            logger.info("Order #%s refused: %s", order_number, refused)
            self.restore_frozen_basket()
            return self.render_preview(self.request, problems=refused.problems)
        return self.handle_successful_order(order)


def producer_groups(lines):
    """Basket or order lines grouped by producer (the stock record's partner), in line order:
    ``[(producer, [lines])]``."""
    groups = {}
    for line in lines:
        groups.setdefault(line.stockrecord.partner if line.stockrecord_id else None, []).append(line)
    return list(groups.items())


class ThankYouView(oscar_views.ThankYouView):
    """Step 6, confirmation: the order, how to pay it now if it waits for money (the card form,
    the transfer's QR code), and the page to follow it on."""

    def get_context_data(self, **kwargs):
        from marketplace.payment.views import order_page_url

        context = super().get_context_data(**kwargs)
        order = context["order"]
        context["order_url"] = order_page_url(self.request, order)
        source = order.sources.select_related("source_type").first()
        method = None
        if source is not None:
            try:
                method = payment_methods.get(source.source_type.code)
            except KeyError:
                method = None
        context["payment_method"] = method
        context["producers"] = producer_groups(order.lines.select_related("stockrecord__partner"))
        if method is not None and order.status == statuses.AWAITING_PAYMENT:
            try:
                context["payment_start"] = method.start(self.request, order)
            except stripe.StripeError as error:
                logger.warning("Could not start the card payment of order %s: %s", order.number, error)
                context["payment_error"] = _(
                    "The card payment cannot be started right now. Your order is kept: try again in a "
                    "few minutes from your order's page."
                )
        return context


class CommunesView(generic.View):
    """The communes of one province as JSON for the address form's picker:
    ``{"province": "24", "communes": [{"code": "07486", "label": "Xã Nghĩa Phương (trước đây huyện
    Lục Nam)"}, …]}``. Public and cacheable; a fixed number of queries for any province."""

    def get(self, request):
        code = request.GET.get("province", "")
        if not re.fullmatch(r"[0-9]{2}", code):
            return JsonResponse({"error": _("Choose a province.")}, status=400)
        communes = commune_choices(code)
        if not communes:
            return JsonResponse({"error": _("No such province.")}, status=404)
        response = JsonResponse({"province": code, "communes": [{"code": c, "label": label} for c, label in communes]})
        patch_cache_control(response, public=True, max_age=COMMUNES_MAX_AGE)
        return response
