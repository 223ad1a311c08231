"""Forms of producer accounts (see accounts.py): staff's invitation, a producer's claim."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .accounts import normalise_code


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class ClaimForm(forms.Form):
    """The two codes of a producer as the national registry knows them, typed any way (spaces,
    dashes and letter case do not matter)."""

    registry_code = forms.CharField(
        label=_("Registry code"),
        max_length=100,
        help_text=_("The producer's code in the national OCOP registry, e.g. 24-218-HTX-0003."),
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=40,
        help_text=_("The producer's tax code (mã số thuế), as registered."),
    )

    def _clean_code(self, name):
        value = self.cleaned_data[name]
        if not normalise_code(value):
            raise forms.ValidationError(_("Enter the code."), code="required")
        return value

    def clean_registry_code(self):
        return self._clean_code("registry_code")

    def clean_tax_code(self):
        return self._clean_code("tax_code")
