"""The fair's editing form in the CMS admin: the venue's units as GSO codes (or found from the
typed address), as the sales points' form takes them — not 10,000 wards in a drop-down — and each
exhibitor's products chosen among that producer's own products only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel, get_form_for_model

from marketplace.adminunits.models import LocationSource
from marketplace.adminunits.resolve import UnitIndex

UNIT_FIELDS = ("province_code", "district_code", "ward_code")


class FairPageForm(WagtailAdminPageForm):
    province_code = forms.CharField(
        label=_("Province code (before 2025)"),
        max_length=8,
        required=False,
        help_text=_("GSO code, e.g. 24 for Bắc Giang; empty: found from the address."),
    )
    district_code = forms.CharField(
        label=_("District code (before 2025)"),
        max_length=8,
        required=False,
        help_text=_("GSO code, e.g. 218 for Lục Nam."),
    )
    ward_code = forms.CharField(
        label=_("Ward code (before 2025)"),
        max_length=8,
        required=False,
        help_text=_("GSO code of the ward or commune; the current commune is derived from it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        self.initial.update(
            province_code=page.legacy_province_id or "",
            district_code=page.legacy_district_id or "",
            ward_code=page.legacy_ward_id or "",
        )
        if page.location_source != LocationSource.GIVEN:  # taken from the units: not the editor's
            self.initial.update(latitude=None, longitude=None)
        for name in ("latitude", "longitude"):
            if name in self.fields:
                self.fields[name].help_text = _("Decimal degrees; leave both empty to take the centre of the ward.")

    def clean(self):
        data = super().clean()
        province, district, ward = ((data.get(name) or "").strip() for name in UNIT_FIELDS)
        index = UnitIndex()
        if province and province not in index.provinces:
            self.add_error("province_code", _("No province (before 2025) has the code %(code)s.") % {"code": province})
        elif district and district not in index.districts:
            self.add_error("district_code", _("No district (before 2025) has the code %(code)s.") % {"code": district})
        elif district and province and index.districts[district] != province:
            self.add_error(
                "district_code",
                _("District %(district)s is not in province %(province)s.")
                % {"district": district, "province": province},
            )
        elif ward and ward not in index.wards:
            self.add_error("ward_code", _("No ward (before 2025) has the code %(code)s.") % {"code": ward})
        elif ward and district and index.wards[ward][0] != district:
            self.add_error(
                "ward_code", _("Ward %(ward)s is not in district %(district)s.") % {"ward": ward, "district": district}
            )
        else:
            units = index.resolve(province, district, ward, address=data.get("address") or "")
            if not units["legacy_province_id"]:
                self.add_error("province_code", _("Give the province code, or an address that names the province."))
            for name, value in units.items():
                setattr(self.instance, name, value)
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("longitude" if latitude is not None else "latitude", _("Give both, or neither."))
        # The model's clean() fills the coordinates from the units unless they were typed.
        self.instance.location_source = LocationSource.GIVEN if latitude is not None else LocationSource.NONE
        return data


class ExhibitorForm(WagtailAdminModelForm):
    """An exhibitor: the products offered are those of the producer chosen (on the saved page, or
    in the form being sent), so another producer's product cannot be put at its booth."""

    def __init__(self, *args, **kwargs):
        from oscar.core.loading import get_model

        super().__init__(*args, **kwargs)
        if "products" not in self.fields:
            return
        producer = self.data.get(self.add_prefix("producer")) if self.is_bound else self.instance.producer_id
        products = get_model("catalogue", "Product").objects.filter(parent=None).order_by("title")
        mine = products.filter(producer_id=producer) if str(producer or "").isdigit() else products.none()
        self.fields["products"].queryset = mine

    def clean_booth(self):
        booth = " ".join((self.cleaned_data.get("booth") or "").split())
        if not booth:
            raise ValidationError(_("Give the booth number."), code="required")
        return booth


class ExhibitorsPanel(InlinePanel):
    """The exhibitors, each through :class:`ExhibitorForm`."""

    def get_form_options(self):
        options = super().get_form_options()
        # As InlinePanel builds its rows' form (keeping the fields required only on publishing), on ours.
        extra = {}
        defer = self.child_edit_handler.get_form_options().get("defer_required_on_fields")
        if defer:
            extra["defer_required_on_fields"] = defer
        form = get_form_for_model(self.db_field.related_model, form_class=ExhibitorForm, **extra)
        options["formsets"][self.relation_name]["form"] = form
        return options
