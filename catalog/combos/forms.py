"""Composing a gift combo: its name and words, and the products in it (by OCOP product code)."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.producers import access
from marketplace.producers.dashboard.forms import html_to_text, text_to_html
from marketplace.text import code_key, printable

from .models import MAX_PART_QUANTITY, ComboPart
from .parts import combo_class, office

Product = get_model("catalogue", "Product")

MAX_PARTS = 12


class ComboForm(forms.ModelForm):
    """The combo's name and description (plain text, as producers write theirs)."""

    class Meta:
        model = Product
        fields = ["title", "description"]
        labels = {"title": _("Name of the gift combo"), "description": _("What is in it, for whom")}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["title"].widget.attrs.update(maxlength=120)
        if self.instance.pk and not self.is_bound:
            self.initial["description"] = html_to_text(self.instance.description)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())[:120]
        if not printable(title):
            raise forms.ValidationError(_("Use letters, digits and punctuation only."))
        return title

    def clean_description(self):
        return text_to_html(self.cleaned_data.get("description", ""))


class PartForm(forms.Form):
    code = forms.CharField(
        label=_("OCOP product code"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "list": "combo-products", "autocomplete": "off"}),
    )
    quantity = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=MAX_PART_QUANTITY,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, allowed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean_code(self):
        code = self.cleaned_data.get("code", "").strip()
        if not code:
            return None
        key = code_key(code)
        product = self.allowed.filter(code_key=key).select_related("certificate", "producer").first() if key else None
        if product is None:
            raise forms.ValidationError(_("No product you may put in a combo has the code %(code)s.") % {"code": code})
        reason = product.why_not_listable()
        if reason:
            raise forms.ValidationError(
                _("%(title)s is not listed now: %(reason)s") % {"title": product.get_title(), "reason": reason}
            )
        return product


class BasePartFormSet(forms.BaseFormSet):
    def __init__(self, *args, allowed=None, **kwargs):
        self.allowed = allowed
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "allowed": self.allowed}

    def clean(self):
        if any(self.errors):
            return
        chosen = [form.cleaned_data for form in self.forms if form.cleaned_data.get("code")]
        if not chosen:
            raise forms.ValidationError(_("Put at least one product in the gift combo."))
        products = [data["code"].pk for data in chosen]
        if len(set(products)) != len(products):
            raise forms.ValidationError(_("A product is in the list twice: give it once, with how many."))
        self.parts = [(data["code"], data["quantity"]) for data in chosen]


PartFormSet = forms.formset_factory(
    PartForm, formset=BasePartFormSet, extra=3, max_num=MAX_PARTS, absolute_max=MAX_PARTS
)


def allowed_parts(user):
    """The products ``user`` may put in a combo: by the ownership rule (a producer its own,
    staff any producer's), products of their own (not combos, not variants)."""
    return access.products_for(user).filter(is_combo=False, parent=None)


def composer(user):
    """Under whom ``user``'s new combo is listed: the producer's own name, or for staff the
    province office (whose combos may hold several producers' products)."""
    if access.is_staff(user):
        return office()
    return access.producers_of(user).order_by("pk").first()


def new_combo(producer):
    """A gift combo not yet saved, composed under ``producer``."""
    return Product(
        is_combo=True, producer=producer, product_class=combo_class(), structure=Product.STANDALONE, is_public=True
    )


@transaction.atomic
def save_combo(form, formset):
    """The combo of ``form`` with ``formset``'s parts."""
    combo = form.save()
    ComboPart.objects.filter(combo=combo).delete()
    ComboPart.objects.bulk_create([ComboPart(combo=combo, product=p, quantity=q) for p, q in formset.parts])
    from catalog.search.index import index_products
    from marketplace import pagecache

    pagecache.bump()  # bulk_create sends no signal
    transaction.on_commit(lambda: index_products([combo.pk]))
    return combo
