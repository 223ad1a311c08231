from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.spreadsheets import MAX_FILE_BYTES
from marketplace.text import printable

from ..statements import MAX_REFERENCE, AmountUnreadable, parse_amount


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file (save an .xls statement as .xlsx first)."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
                % {"size": f"{upload.size / 2**20:.3g}", "limit": f"{MAX_FILE_BYTES / 2**20:.3g}"}
            )
        return upload


class MarkPaidForm(forms.Form):
    """One transfer seen on the account, recorded by hand for one order."""

    order = forms.CharField(label=pgettext_lazy("payment", "Order number"), max_length=128)
    amount = forms.CharField(
        label=_("Amount received (đồng)"),
        max_length=30,
        help_text=_("As on the statement, e.g. 1.250.000; it must be the order's total."),
    )
    reference = forms.CharField(
        label=_("Bank transaction reference"),
        max_length=MAX_REFERENCE,
        help_text=_("The bank's reference of the transfer (Số tham chiếu, Mã giao dịch), e.g. FT26123456789."),
    )

    def clean_order(self):
        number = self.cleaned_data["order"].strip()
        if not printable(number):
            raise forms.ValidationError(_("Enter an order number."))
        return number

    def clean_amount(self):
        try:
            amount = parse_amount(self.cleaned_data["amount"])
        except AmountUnreadable as e:
            raise forms.ValidationError(_("The amount %(reason)s.") % {"reason": e}) from e
        if not amount or amount <= 0:
            raise forms.ValidationError(_("Enter the amount received, in đồng."))
        return amount

    def clean_reference(self):
        reference = " ".join(self.cleaned_data["reference"].split())
        if not reference or not printable(reference):
            raise forms.ValidationError(_("Enter the bank's reference of the transfer."))
        return reference
