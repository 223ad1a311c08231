"""The first two steps of the checkout, Oscar's views forked: contact, then the address.

1. Contact (``IndexView``, ``/checkout/``): a guest gives a name and a Vietnamese phone
   number, and an e-mail only if they want to; nobody must open an account. Signed-in customers
   skip it when the address step will ask for their phone.
2. Address (``ShippingAddressView``, ``/checkout/shipping-address/``): the recipient's name and
   phone (filled from the contact, or from a customer's last order), the street, then today's
   province → commune. Works without JavaScript (the "Show communes" button reloads the form);
   with it, ``CommunesView`` (``/checkout/communes/?province=24``) refills the commune list.

Both leave their results in the session (:class:`marketplace.checkout.utils.CheckoutSessionData`):
``contact`` and Oscar's ``shipping.new_address_fields``. The later steps are Oscar's views.
"""

import re

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.checkout import signals
from oscar.apps.checkout import views as oscar_views
from oscar.core.loading import get_class, get_classes, get_model
from phonenumber_field.phonenumber import PhoneNumber

from marketplace.adminunits.pickers import commune_choices

ContactForm, ShippingAddressForm = get_classes("checkout.forms", ["ContactForm", "ShippingAddressForm"])
CheckoutSessionMixin = get_class("checkout.session", "CheckoutSessionMixin")
ShippingAddress = get_model("order", "ShippingAddress")

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
