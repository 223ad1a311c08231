import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.order import moves
from marketplace.order import statuses as s
from marketplace.order.models import Carrier, Shipment

Line = get_model("order", "Line")


class LineChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, line):
        return f"{line.quantity} × {line.title} — {line.partner_name}"


class ShipmentForm(forms.ModelForm):
    """Staff record a parcel handed to a carrier: the lines it carries (one producer's: each
    producer sends its own), the carrier, its tracking number and the date."""

    lines = LineChoiceField(
        label=_("Lines in this parcel"), queryset=Line.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Shipment
        fields = ["lines", "carrier", "carrier_name", "tracking_number", "shipped_on"]
        widgets = {"shipped_on": forms.DateInput(format="%d/%m/%Y")}

    def __init__(self, order, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.fields["lines"].queryset = order.lines.order_by("partner_name", "pk")

    def clean_tracking_number(self):
        # No spaces, and no invisible or control characters (copied from a carrier's app, say).
        number = "".join(ch for ch in self.cleaned_data["tracking_number"] if unicodedata.category(ch)[0] not in "CZ")
        if not number:
            raise forms.ValidationError(_("Enter the tracking number."))
        return number.upper()

    def clean(self):
        data = super().clean()
        lines = data.get("lines")
        if lines and len({line.partner_id for line in lines}) > 1:
            message = _("A parcel carries one producer's lines: each producer sends its own. Record one per producer.")
            self.add_error("lines", message)
        if data.get("carrier") == Carrier.OTHER and not data.get("carrier_name", "").strip():
            self.add_error("carrier_name", _("Name the carrier."))
        carrier, number = data.get("carrier"), data.get("tracking_number")
        if carrier and number:
            taken = Shipment.objects.filter(carrier=carrier, tracking_number=number).select_related("order").first()
            if taken is not None:
                self.add_error("tracking_number", self.taken_message(taken))
        return data

    def taken_message(self, taken):
        """What to say when the tracking number is already recorded (as ``taken``)."""
        return _("This tracking number is already recorded for order %(number)s.") % {"number": taken.order.number}

    def save(self, user):
        shipment = super().save(commit=False)
        shipment.order, shipment.recorded_by = self.order, user
        if shipment.carrier != Carrier.OTHER:
            shipment.carrier_name = ""
        shipment.save()
        self.save_m2m()
        return shipment


class LineMoveForm(forms.Form):
    """One move of a producer's order lines (``lines``, resolved by the view under the ownership
    rule): to status ``to`` from status ``seen`` — the status the page showed, so a page left
    open or a second tap moves nothing. A cancellation needs its ``reason`` (the customer reads
    it); handing lines to the carrier needs a :class:`HandOverForm` besides."""

    to = forms.ChoiceField(choices=[(status, label) for status, label in moves.ACTION_LABELS.items()])
    seen = forms.ChoiceField(choices=list(s.LINE_LABELS.items()))
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        help_text=_("The customer reads this."),
        max_length=moves.REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("to") == s.LINE_CANCELLED and not data.get("reason"):
            self.add_error("reason", _("Say why the line is cancelled: the customer reads it."))
        return data


class HandOverForm(ShipmentForm):
    """A producer's parcel, from its order lines page: the packed lines ticked on the order's
    card, the carrier and the tracking number, handed over today."""

    class Meta(ShipmentForm.Meta):
        fields = ["lines", "carrier", "carrier_name", "tracking_number"]

    def __init__(self, order, lines, *args, **kwargs):
        super().__init__(order, *args, **kwargs)
        self.fields["lines"].queryset = Line.objects.filter(pk__in=[line.pk for line in lines])

    def taken_message(self, taken):
        # Another order may be another producer's: a producer is not told its number.
        if taken.order_id == self.order.pk:
            return super().taken_message(taken)
        return _("This tracking number is already recorded for another parcel.")
