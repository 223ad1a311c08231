"""Oscar's order page in the dashboard, with what staff do there: record which lines went to
which carrier under which tracking number, and refund a card payment, all or part."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_model

from marketplace.payment.methods.stripe import Card, RefundRefused, card_source, dong
from marketplace.producers import access
from marketplace.producers.access import is_staff
from marketplace.text import printable

from .forms import ShipmentForm

Order = get_model("order", "Order")


class OrderDetailView(views.OrderDetailView):
    order_actions = (*views.OrderDetailView.order_actions, "record_shipment")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["shipment_form"] = kwargs.get("shipment_form") or ShipmentForm(self.object)
        ctx["shipments"] = self.object.shipments.prefetch_related("lines").select_related("recorded_by")
        return ctx

    def record_shipment(self, request, order):
        if not is_staff(request.user):
            raise PermissionDenied
        form = ShipmentForm(order, request.POST)
        if not form.is_valid():
            messages.error(request, gettext("The shipment was not recorded: see the form below."))
            return self.render_to_response(self.get_context_data(shipment_form=form, active_tab="shipping"))
        shipment = form.save(request.user)
        messages.success(
            request,
            gettext("Shipment %(tracking)s (%(carrier)s) recorded.")
            % {"tracking": shipment.tracking_number, "carrier": shipment.carrier_label},
        )
        return self.reload_page(fragment="shipping")


class CardRefundForm(forms.Form):
    # What had been refunded when the page was shown: a second submission finds it changed.
    already_refunded = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, refundable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"] = forms.IntegerField(label=_("Amount to refund (₫)"), min_value=1, max_value=refundable)


class CardRefundView(FormView):
    """A confirmation page (how much was paid, refunded, what is left) and the refund through
    Stripe, recorded at once (the webhook that reports it later finds it recorded)."""

    template_name = "oscar/dashboard/orders/card_refund.html"
    form_class = CardRefundForm

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(Order, number=kwargs["number"])
        self.source = card_source(self.order)
        self.paid = int(self.source.amount_debited) if self.source else 0
        self.refunded = int(self.source.amount_refunded) if self.source else 0
        if self.paid - self.refunded <= 0:
            messages.error(request, gettext("This order has no card payment left to refund."))
            return redirect(self.order_url())
        return super().dispatch(request, *args, **kwargs)

    def order_url(self):
        return reverse("dashboard:order-detail", kwargs={"number": self.order.number})

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "refundable": self.paid - self.refunded}

    def get_initial(self):
        return {"amount": self.paid - self.refunded, "already_refunded": self.refunded}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            order=self.order,
            source=self.source,
            paid=self.paid,
            refunded=self.refunded,
            refundable=self.paid - self.refunded,
            **kwargs,
        )

    def form_valid(self, form):
        amount = form.cleaned_data["amount"]
        try:
            refund = Card().refund(
                self.order, amount, user=self.request.user, already_refunded=form.cleaned_data["already_refunded"]
            )
        except RefundRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        if refund.status == "succeeded":
            messages.success(
                self.request,
                gettext("%(amount)s refunded to the customer's card (Stripe refund %(refund)s).")
                % {"amount": dong(refund.amount), "refund": refund.id},
            )
        else:
            messages.info(
                self.request,
                gettext("Stripe accepted the refund of %(amount)s (%(refund)s); it is recorded once confirmed.")
                % {"amount": dong(refund.amount), "refund": refund.id},
            )
        return redirect(self.order_url())


class OrderLinesView(ListView):
    """A producer's own order lines, newest first (``/dashboard/orders/lines/``): what to prepare
    and where it goes — never other producers' lines, the order's total or its payment. Staff see
    every line. ``?order=<number>`` narrows to one order (the link in the producer's e-mail),
    ``?status=<line status>`` to one status."""

    template_name = "oscar/dashboard/orders/order_lines.html"
    context_object_name = "lines"
    paginate_by = 50

    def get_queryset(self):
        from marketplace.order import statuses

        lines = access.order_lines_for(self.request.user).exclude(order__status=statuses.AWAITING_PAYMENT)
        self.order_number = self.request.GET.get("order", "").strip()[:128]
        if not printable(self.order_number):  # a NUL byte or a control character: no such order
            self.order_number = ""
        if self.order_number:
            lines = lines.filter(order__number=self.order_number)
        self.status = self.request.GET.get("status", "")
        if self.status in statuses.LINE_LABELS:
            lines = lines.filter(status=self.status)
        else:
            self.status = ""
        return lines.select_related("order__shipping_address", "partner", "product").order_by(
            "-order__date_placed", "order_id", "pk"
        )

    def get_context_data(self, **kwargs):
        from marketplace.order import statuses
        from marketplace.order.fulfilment import pickup_point_of

        context = super().get_context_data(**kwargs)
        points = {}
        for line in context["lines"]:
            order = line.order
            if order.pk not in points:
                points[order.pk] = pickup_point_of(order)
            line.pickup_point = points[order.pk]
            line.status_label = statuses.LINE_LABELS.get(line.status, line.status)
        context.update(
            order_number=self.order_number,
            status=self.status,
            statuses=list(statuses.LINE_LABELS.items()),
        )
        return context
