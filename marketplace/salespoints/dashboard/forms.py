"""Forms of the staff pages for sales points: the filters of the list, a point with its photos,
and the point's stock."""

import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory, modelformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from PIL import Image

from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.adminunits.resolve import UnitIndex
from marketplace.text import code_key, printable, vn_slugify

from .. import hours
from ..models import Criterion, Kind, LocationSource, PointStock, SalesPoint, SalesPointImage

Product = get_model("catalogue", "Product")

YES, NO = "yes", "no"
#: Decision 950 as the list filters it.
UNASSESSED = "unassessed"

#: Photos: what a point's photo may be.
PHOTO_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000  # e.g. 8000 × 5000; as for images in the CMS
MAX_PHOTOS = 12

#: Where a sales point can be: Vietnam's mainland and islands (Hoàng Sa, Trường Sa included).
VIETNAM_LATITUDES, VIETNAM_LONGITUDES = (8.0, 23.5), (102.0, 118.0)


class SalesPointFilterForm(forms.Form):
    """The list's filters, all in the URL; a filter with a value it does not know is ignored
    (and said so)."""

    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Province (before 2025)"), required=False)
    district = forms.ChoiceField(label=_("District (before 2025)"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    active = forms.ChoiceField(
        label=_("Active"), required=False, choices=[("", _("Active or not")), (YES, _("Active")), (NO, _("Inactive"))]
    )
    status_950 = forms.ChoiceField(
        label=_("Decision 950"),
        required=False,
        choices=[("", _("Any")), (YES, _("Meets")), (NO, _("Does not meet")), (UNASSESSED, _("Not assessed"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = LegacyProvince.objects.order_by("short_name").values_list("code", "short_name")
        self.fields["province"].choices = [("", _("All provinces")), *provinces]
        # The district choices are those of the chosen province (choose a province first).
        province = self.data.get("province") if self.is_bound else None
        districts = (
            LegacyDistrict.objects.filter(province=province).order_by("short_name").values_list("code", "short_name")
            if province and printable(province)
            else []
        )
        self.fields["district"].choices = [("", _("All districts")), *districts]

    def filter(self, points):
        """``points`` narrowed by the valid filters."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("q"):
            points = points.filter(Q(name__icontains=data["q"]) | Q(code__icontains=data["q"]))
        if data.get("province"):
            points = points.filter(legacy_province=data["province"])
        if data.get("district"):
            points = points.filter(legacy_district=data["district"])
        if data.get("kind"):
            points = points.filter(kind=data["kind"])
        if data.get("active"):
            points = points.filter(is_active=data["active"] == YES)
        status = data.get("status_950")
        if status:
            points = points.filter(meets_950={YES: True, NO: False, UNASSESSED: None}[status])
        return points


class PhotoField(forms.ImageField):
    """A photo: JPEG, PNG or WebP, at most 5 MB and 40 megapixels, and a file Pillow can read.
    The size is checked before the file is opened, the pixels before it is decoded."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if data.size > MAX_PHOTO_BYTES:
            raise ValidationError(
                _("The photo is %(size)s: at most %(max)s is accepted."),
                code="too_big",
                params={"size": filesizeformat(data.size), "max": filesizeformat(MAX_PHOTO_BYTES)},
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(data) as image:  # reads the header only
                    kind, (width, height) = image.format, image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise self._too_many_pixels() from None
        except Exception:
            raise ValidationError(
                _("This file is not a photo (JPEG, PNG or WebP) or it is damaged."), code="invalid_image"
            ) from None
        finally:
            data.seek(0)
        if kind not in PHOTO_FORMATS:
            raise ValidationError(
                _("A %(kind)s file is not accepted: send a JPEG, PNG or WebP photo."),
                code="invalid_image",
                params={"kind": kind or "?"},
            )
        if width * height > MAX_PHOTO_PIXELS:
            raise self._too_many_pixels()
        return super().to_python(data)  # Pillow's verify(): refuses a truncated or broken file

    def _too_many_pixels(self):
        return ValidationError(
            _("The photo has too many pixels: at most %(max)d megapixels are accepted."),
            code="too_many_pixels",
            params={"max": MAX_PHOTO_PIXELS // 1_000_000},
        )


class PhotoForm(forms.ModelForm):
    image = PhotoField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = SalesPointImage
        fields = ["image", "caption", "display_order"]
        labels = {"caption": _("Caption"), "display_order": _("Order")}
        help_texts = {"display_order": _("Photos are shown in this order, smallest first.")}


PhotoFormSet = inlineformset_factory(
    SalesPoint,
    SalesPointImage,
    form=PhotoForm,
    extra=2,
    can_delete=True,
    max_num=MAX_PHOTOS,
    validate_max=True,
)


class SalesPointForm(forms.ModelForm):
    """A point with its units (legacy GSO codes: the current province and commune follow from
    them), its coordinates (given, or else taken from the ward or the district), its opening
    hours in the provinces' notation and its Decision 950 assessment."""

    province_code = forms.CharField(
        label=_("Province code (before 2025)"), max_length=8, help_text=_("GSO code, e.g. 24 for Bắc Giang.")
    )
    district_code = forms.CharField(
        label=_("District code (before 2025)"), max_length=8, help_text=_("GSO code, e.g. 218 for Lục Nam.")
    )
    ward_code = forms.CharField(
        label=_("Ward code (before 2025)"),
        max_length=8,
        required=False,
        help_text=_("GSO code of the ward or commune; the current commune is derived from it."),
    )
    hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As in the provinces' lists: T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ"),
    )
    meets_950 = forms.TypedChoiceField(
        label=_("Decision 950/QĐ-BCT"),
        required=False,
        choices=[
            ("", _("Not assessed")),
            (YES, _("Meets the criteria")),
            (NO, _("Does not meet the criteria")),
        ],
        coerce=lambda value: value == YES,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    failed_criteria = forms.MultipleChoiceField(
        label=_("Criteria not met"),
        required=False,
        choices=Criterion.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when the point does not meet Decision 950."),
    )

    class Meta:
        model = SalesPoint
        fields = [
            "name",
            "code",
            "kind",
            "operator",
            "phone",
            "email",
            "description",
            "address",
            "latitude",
            "longitude",
            "meets_950",
            "failed_criteria",
            "is_active",
        ]
        labels = {
            "name": _("Name"),
            "code": _("Code"),
            "kind": _("Kind"),
            "operator": _("Operator"),
            "phone": _("Phone"),
            "email": _("E-mail"),
            "description": _("Description"),
            "address": _("Address"),
            "latitude": _("Latitude"),
            "longitude": _("Longitude"),
            "is_active": _("Active"),
        }
        help_texts = {
            "code": _("The province's own code for the point, e.g. BG-LN-01; the key for re-imports."),
            "latitude": _(
                "Decimal degrees, e.g. 21.2906. Leave both empty to take the centre of the ward or district."
            ),
            "longitude": _("Decimal degrees, e.g. 106.3857."),
            "is_active": _("Inactive points are not shown."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "address": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].required = True
        point = self.instance
        self.initial.update(
            province_code=point.legacy_province_id or "",
            district_code=point.legacy_district_id or "",
            ward_code=point.legacy_ward_id or "",
            meets_950={True: YES, False: NO}.get(point.meets_950, ""),
        )
        if point.pk:
            self.initial["hours"] = point.hours_text
            if point.location_source != LocationSource.GIVEN:  # taken from the units: not the user's
                self.initial.update(latitude=None, longitude=None)
        self.ranges, self.units = [], {}

    def clean_hours(self):
        text = self.cleaned_data["hours"]
        try:
            self.ranges = hours.parse(text)
        except hours.HoursError as error:
            raise ValidationError(str(error), code="hours") from None
        return text

    def clean_latitude(self):
        return _in_range(
            self.cleaned_data.get("latitude"),
            (-90, 90),
            VIETNAM_LATITUDES,
            _("A latitude lies between -90 and 90."),
            _("This latitude is outside Vietnam (%(low)s to %(high)s): are latitude and longitude swapped?"),
        )

    def clean_longitude(self):
        return _in_range(
            self.cleaned_data.get("longitude"),
            (-180, 180),
            VIETNAM_LONGITUDES,
            _("A longitude lies between -180 and 180."),
            _("This longitude is outside Vietnam (%(low)s to %(high)s): are latitude and longitude swapped?"),
        )

    def clean(self):
        data = super().clean()
        self._clean_units(data)
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not {"latitude", "longitude"} & set(self.errors):
            missing = "longitude" if latitude is not None else "latitude"
            self.add_error(missing, _("Give both the latitude and the longitude, or neither."))
        if data.get("failed_criteria") and data.get("meets_950") is not False:
            self.add_error(
                "failed_criteria",
                _("Tick criteria not met only when the point does not meet Decision 950."),
            )
        return data

    def _clean_units(self, data):
        codes = [data.get(name) for name in ("province_code", "district_code", "ward_code")]
        if not all(codes[:2]):
            return  # required: already said
        province, district, ward = codes
        index = UnitIndex()
        if province not in index.provinces:
            self.add_error("province_code", _("No province (before 2025) has the code %(code)s.") % {"code": province})
            return
        if district not in index.districts:
            self.add_error("district_code", _("No district (before 2025) has the code %(code)s.") % {"code": district})
            return
        if index.districts[district] != province:
            self.add_error(
                "district_code",
                _("District %(district)s is not in province %(province)s.")
                % {"district": district, "province": province},
            )
            return
        if ward and ward not in index.wards:
            self.add_error("ward_code", _("No ward (before 2025) has the code %(code)s.") % {"code": ward})
            return
        if ward and index.wards[ward][0] != district:
            self.add_error(
                "ward_code", _("Ward %(ward)s is not in district %(district)s.") % {"ward": ward, "district": district}
            )
            return
        self.units = index.resolve(province, district, ward)

    def save(self, commit=True):
        point = super().save(commit=False)
        for name, value in self.units.items():
            setattr(point, name, value)
        if not point.slug:
            point.slug = unique_slug(point.code)
        if point.has_location:
            point.location_source = LocationSource.GIVEN
        else:
            point.location_source = LocationSource.NONE
            point.locate()
        if commit:
            point.save()
            point.set_hours(self.ranges)
        return point


def _in_range(value, valid, vietnam, not_valid, not_in_vietnam):
    if value is None:
        return None
    if not valid[0] <= value <= valid[1]:
        raise ValidationError(not_valid, code="range")
    if not vietnam[0] <= value <= vietnam[1]:
        raise ValidationError(not_in_vietnam, code="vietnam", params={"low": vietnam[0], "high": vietnam[1]})
    return value


def unique_slug(code):
    """The point's slug: its code as a slug, made unique."""
    base = (vn_slugify(code) or "diem-ban")[:50]
    taken = set(SalesPoint.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


class StockForm(forms.ModelForm):
    class Meta:
        model = PointStock
        fields = ["num_in_stock"]
        labels = {"num_in_stock": _("Quantity")}


class BaseStockFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):  # gone, or not this point's
            raise ValidationError(
                _("Some rows of this stock have changed since the page was loaded: reload the page."), code="stale"
            )


StockFormSet = modelformset_factory(PointStock, form=StockForm, formset=BaseStockFormSet, extra=0, can_delete=True)


class AddStockForm(forms.Form):
    """Put a product on the point's shelf by its OCOP product code (typed any way)."""

    product_code = forms.CharField(
        label=_("OCOP product code"), max_length=64, help_text=_("As on the product page, e.g. 24-218-0007.")
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=1_000_000, initial=1)

    def __init__(self, point, *args, **kwargs):
        self.point, self.product = point, None
        super().__init__(*args, **kwargs)

    def clean_product_code(self):
        typed = self.cleaned_data["product_code"].strip()
        key = code_key(typed)
        product = (
            Product.objects.filter(code_key=key, parent=None).select_related("certificate", "producer").first()
            if key
            else None
        )
        if product is None:
            raise ValidationError(_("No product has the OCOP code %(code)s."), params={"code": typed})
        reason = product.why_not_listable()
        if reason:
            raise ValidationError(
                _("%(product)s cannot be put on the shelf: %(reason)s Only listed OCOP products are sold at points."),
                params={"product": product.title, "reason": reason},
            )
        if PointStock.objects.filter(point=self.point, product=product).exists():
            raise ValidationError(
                _("%(product)s is already in this point's stock: change its quantity in the table."),
                params={"product": product.title},
            )
        self.product = product
        return typed

    def save(self):
        return PointStock.objects.create(
            point=self.point, product=self.product, num_in_stock=self.cleaned_data["quantity"]
        )
