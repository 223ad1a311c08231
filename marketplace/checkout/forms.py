"""The contact and address forms of a Vietnamese checkout.

- A name is one "Họ và tên" field, kept as typed (never split, never reordered).
- A phone number is a Vietnamese one, written any usual way (``0912345678``, ``0912 345 678``,
  ``+84 912 345 678``, ``0204 3882 123``): read by :mod:`marketplace.phones`, checked against
  the numbering plan (phonenumbers), kept as a :class:`PhoneNumber`.
- An address is a street line, then today's province → commune, picked from the units data;
  no postcode, no country (Vietnam).

The delivery and payment choices are radio lists of what the delivery rules and the payment
interface allow for the basket.
"""

import phonenumbers
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_model
from phonenumber_field.phonenumber import PhoneNumber

from marketplace.adminunits.models import Commune, Province
from marketplace.adminunits.pickers import commune_choices, province_choices
from marketplace.phones import PhoneError, normalise_phone
from marketplace.text import nfc

from .country import VIETNAM

ShippingAddress = get_model("order", "ShippingAddress")

PHONE_EXAMPLE = _("Enter a Vietnamese phone number, e.g. 0912 345 678 or 024 3825 1234.")


class NameField(forms.CharField):
    """A person's whole name as they write it: "Nguyễn Thị Lan". Spaces tidied, nothing else."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Full name"))
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "name", "autocapitalize": "words"}

    def to_python(self, value):
        return " ".join(nfc(super().to_python(value)).split())

    def validate(self, value):
        super().validate(value)
        if value and not any(ch.isalpha() for ch in value):
            raise forms.ValidationError(_("Enter a name."), code="invalid")


class TelInput(forms.TextInput):
    input_type = "tel"


class VietnamesePhoneField(forms.CharField):
    """One Vietnamese phone number, cleaned to a :class:`PhoneNumber` (shown "0912 345 678")."""

    widget = TelInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("error_messages", {"invalid": PHONE_EXAMPLE})
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "tel"}

    def prepare_value(self, value):
        if isinstance(value, PhoneNumber):
            return str(value)  # the national form: 0912 345 678
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return text
        try:
            written = normalise_phone(text)
        except PhoneError:
            written = ""
        if not written or "," in written or written.startswith(("1800", "1900")):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number = PhoneNumber.from_string(written.replace(" ", ""), region=VIETNAM)
        if not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class ContactForm(forms.Form):
    """Who is ordering: a guest's name and phone (required) and e-mail (optional)."""

    name = NameField()
    phone = VietnamesePhoneField(help_text=_("We call or text this number about your order."))
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("For the order confirmation and its progress."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["phone", "name", "email"]

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class ShippingAddressForm(forms.ModelForm):
    """Where to deliver: the recipient, their phone, the street, then province → commune.

    The commune list is that of the chosen province (bound data, else the initial province), so
    the form works without JavaScript: choose the province, press "Show communes", choose the
    commune. A commune of another province is refused. The name goes to ``last_name`` (Oscar's
    ``name`` shows it unchanged); the units go to ``province``/``commune`` and, as text, to
    ``state``/``line4``; the country is Vietnam.
    """

    name = NameField(help_text=_("The person who receives the parcel."))
    phone_number = VietnamesePhoneField(help_text=_("The delivery driver calls this number."))
    province = forms.ChoiceField(
        label=_("Province or city"),
        error_messages={
            "required": _("Choose the province or city."),
            "invalid_choice": _("Choose the province or city from the list."),
        },
    )
    commune = forms.ChoiceField(
        label=_("Commune or ward"),
        help_text=_("Today's communes and wards (since 1 July 2025), with the former district in brackets."),
        error_messages={
            "required": _("Choose the commune or ward."),
            "invalid_choice": _("This commune or ward is not in the province you chose: choose one from the list."),
        },
    )

    class Meta:
        model = ShippingAddress
        fields = ["phone_number", "line1", "province", "commune", "notes"]
        labels = {"line1": _("Street address"), "notes": _("Notes for the delivery (optional)")}
        help_texts = {
            "line1": _("House number, street, hamlet or village, e.g. “Số 12, đường Lê Lợi” or “Thôn Đông”."),
            "notes": _("E.g. call before delivering, deliver after 5 pm."),
        }
        widgets = {
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = ["name", "phone_number", "line1", "province", "commune", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("— Choose the province or city —")), *province_choices()]
        self.fields["province"].widget.attrs.update(
            {"data-communes-url": reverse_lazy("checkout:communes"), "data-communes-target": "id_commune"}
        )
        province = self.chosen_province_code()
        communes = commune_choices(province) if province else []
        choose, first = _("— Choose the commune or ward —"), _("— Choose the province first —")
        self.fields["commune"].choices = [("", choose if communes else first), *communes]
        self.fields["commune"].widget.attrs.update({"data-placeholder": choose, "data-placeholder-empty": first})

    def chosen_province_code(self):
        code = self.data.get(self.add_prefix("province")) if self.is_bound else self.initial.get("province")
        code = getattr(code, "pk", code)
        return code if code in dict(self.fields["province"].choices) else None

    def clean_province(self):
        return Province.objects.get(pk=self.cleaned_data["province"])

    def clean_commune(self):
        return Commune.objects.get(pk=self.cleaned_data["commune"])

    def clean(self):
        data = super().clean()
        if "province" in self.errors:
            self.errors.pop("commune", None)
        province, commune = data.get("province"), data.get("commune")
        address = self.instance
        address.title = address.first_name = address.postcode = ""
        address.last_name = data.get("name", "")
        address.country_id = VIETNAM
        address.state = province.name if province else ""
        address.line4 = commune.name if commune else ""
        return data


class ShippingMethodForm(forms.Form):
    """How the order reaches the shopper: one of the methods the delivery rules offer."""

    method_code = forms.ChoiceField(
        label=_("How you get your order"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose home delivery or a sales point."),
            "invalid_choice": _("That way of delivery is no longer possible for this basket; choose another."),
        },
    )

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method_code"].choices = [(m.code, m.name) for m in methods]


class PaymentMethodForm(forms.Form):
    """How the shopper pays: one of the methods that can pay this order (``choices``: the
    payment interface's :class:`~marketplace.payment.methods.Choice` list)."""

    method = forms.ChoiceField(
        label=_("How you pay"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you pay."),
            "invalid_choice": _("That way of paying is not possible for this order; choose another."),
        },
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(c.method.code, c.method.label) for c in choices if c.enabled]
