from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

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
        return "".join(self.cleaned_data["tracking_number"].split()).upper()

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
                message = _("This tracking number is already recorded for order %(number)s.")
                self.add_error("tracking_number", message % {"number": taken.order.number})
        return data

    def save(self, user):
        shipment = super().save(commit=False)
        shipment.order, shipment.recorded_by = self.order, user
        if shipment.carrier != Carrier.OTHER:
            shipment.carrier_name = ""
        shipment.save()
        self.save_m2m()
        return shipment
