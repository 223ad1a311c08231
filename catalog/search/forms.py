from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The site-wide search box (Oscar's context processor puts it in every page)."""

    q = forms.CharField(required=False, label=_("Search certified products"), max_length=200)
