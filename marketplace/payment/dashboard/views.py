"""Staff views of the bank transfers (VietQR):

- ``transfers``: the orders waiting for a transfer, oldest first, and the transfers recorded
  lately;
- ``mark-paid``: record one transfer seen on the account as paying one order (with the bank's
  reference), when :func:`statements.judge` agrees;
- ``statement``: upload a bank statement → review its matches (ticked) and mismatches (with
  their reasons) → ``statement-apply`` records the ticked matches, each judged again. The
  review carries the matches as a signed value, so that what is applied is what was reviewed.
"""

from pathlib import Path

from django.contrib import messages
from django.core import signing
from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, ListView, View
from oscar.core.loading import get_model

from marketplace.order.statuses import CANCELLED
from marketplace.spreadsheets import SpreadsheetRefused

from .. import statements
from .forms import MarkPaidForm, StatementForm

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")

SALT = "payment-dashboard.statement"
REVIEW_MAX_AGE = 24 * 3600  # seconds a review can be applied after the upload
MAX_NAME = 100  # characters of an uploaded file's name shown back
SHOWN_REFUSALS = 20


def awaiting_transfer():
    """Orders to be paid by transfer, not cancelled, whose money has not (all) arrived."""
    zero = Value(0, output_field=DecimalField(max_digits=12, decimal_places=2))
    return (
        Order.objects.filter(pk__in=Source.objects.filter(source_type__code=statements.METHOD).values("order_id"))
        .exclude(status=CANCELLED)
        .annotate(
            received=Coalesce(Sum("sources__amount_debited"), zero) - Coalesce(Sum("sources__amount_refunded"), zero)
        )
        .filter(received__lt=F("total_incl_tax"))
        .select_related("user")
        .order_by("date_placed", "pk")
    )


class TransfersView(ListView):
    template_name = "payment_dashboard/transfers.html"
    context_object_name = "orders"
    paginate_by = 50

    def get_queryset(self):
        return awaiting_transfer()

    def get_context_data(self, **kwargs):
        recorded = (
            Transaction.objects.filter(txn_type=Transaction.DEBIT, source__source_type__code=statements.METHOD)
            .select_related("source__order")
            .order_by("-date_created", "-pk")[:20]
        )
        return super().get_context_data(recorded=recorded, **kwargs)


class MarkPaidView(FormView):
    form_class = MarkPaidForm
    template_name = "payment_dashboard/mark_paid.html"

    def get_initial(self):
        return {name: self.request.GET.get(name, "")[:128] for name in ("order", "amount", "reference")}

    def form_valid(self, form):
        data = form.cleaned_data
        reason = statements.record_transfer(data["order"], data["amount"], data["reference"])
        if reason:
            form.add_error(None, reason)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Order %(number)s is paid: %(amount)s received (reference %(reference)s).")
            % {"number": data["order"], "amount": statements.dong(data["amount"]), "reference": data["reference"]},
        )
        return redirect("payment-dashboard:transfers")


class StatementView(FormView):
    """Upload → the review of the statement's rows (nothing recorded yet)."""

    form_class = StatementForm
    template_name = "payment_dashboard/statement.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name[:MAX_NAME]
        try:
            with upload.open("rb") as source:
                statement = statements.read_statement(source, name=name)
        except SpreadsheetRefused as refused:
            for message in refused.messages:
                form.add_error("file", message.translated())
            return self.form_invalid(form)
        transfers = [[v.order.number, v.row.amount, v.row.reference] for v in statement.matches]
        token = signing.dumps({"name": name, "transfers": transfers}, salt=SALT, compress=True)
        return self.render_to_response(self.get_context_data(form=StatementForm(), statement=statement, token=token))


class ApplyView(View):
    """Record the ticked matches of a reviewed statement."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            review = signing.loads(request.POST.get("statement", ""), salt=SALT, max_age=REVIEW_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("This review has expired or was changed: upload the statement again."))
            return redirect("payment-dashboard:statement")
        transfers = review["transfers"]
        ticked = sorted({int(i) for i in request.POST.getlist("transfer") if i.isdigit() and int(i) < len(transfers)})
        if not ticked:
            messages.warning(request, _("No transfer was ticked: nothing was recorded."))
            return redirect("payment-dashboard:statement")
        applied = statements.apply(tuple(transfers[i]) for i in ticked)
        if applied.recorded:
            messages.success(
                request,
                ngettext(
                    "%(count)d payment recorded from %(name)s: order %(numbers)s.",
                    "%(count)d payments recorded from %(name)s: orders %(numbers)s.",
                    len(applied.recorded),
                )
                % {"count": len(applied.recorded), "name": review["name"], "numbers": ", ".join(applied.recorded)},
            )
        for number, reason in applied.refused[:SHOWN_REFUSALS]:
            messages.warning(
                request, _("Order %(number)s was not recorded: %(reason)s") % {"number": number, "reason": reason}
            )
        if len(applied.refused) > SHOWN_REFUSALS:
            messages.warning(
                request,
                _("%(count)d more were not recorded; import the statement again to see why.")
                % {"count": len(applied.refused) - SHOWN_REFUSALS},
            )
        return redirect(reverse("payment-dashboard:transfers"))


urlpatterns = [
    path("", TransfersView.as_view(), name="transfers"),
    path("mark-paid/", MarkPaidView.as_view(), name="mark-paid"),
    path("statement/", StatementView.as_view(), name="statement"),
    path("statement/apply/", ApplyView.as_view(), name="statement-apply"),
]
