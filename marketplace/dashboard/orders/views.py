"""Oscar's order page in the dashboard, with what staff do there: record which lines went to
which carrier under which tracking number, and refund a card payment, all or part; and the
producers' own order lines, which they move on from their phone (confirm, pack, hand to the
carrier, cancel with a reason…)."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_model

from marketplace.order import moves
from marketplace.order import statuses as s
from marketplace.order.models import Carrier
from marketplace.payment.methods.stripe import Card, RefundRefused, card_source, dong
from marketplace.producers import access
from marketplace.producers.access import is_staff
from marketplace.salespoints.models import SalesPoint
from marketplace.shipping.methods import pickup_point_id
from marketplace.text import printable

from .forms import HandOverForm, LineMoveForm, ShipmentForm

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


@dataclass
class ProducerPart:
    """One producer's lines of an order on the order lines page (staff may see several per order;
    a producer sees its own only), with the moves offered for them."""

    key: str
    producer: str
    lines: list = field(default_factory=list)
    #: Packed lines that may go to the carrier now (the card's parcel form ticks them all).
    hand_over: list = field(default_factory=list)
    #: Moves of two or more lines at once: ``(to, label, seen, [line ids])``.
    batches: list = field(default_factory=list)
    ship_open: bool = False
    ship_values: dict = field(default_factory=dict)
    ship_errors: list = field(default_factory=list)
    ticked: set = field(default_factory=set)


@dataclass
class OrderCard:
    order: object
    kind: str
    point: object
    parts: list = field(default_factory=list)

    @property
    def pickup(self):
        return self.kind == moves.PICKUP

    @property
    def delivery(self):
        return self.kind == moves.DELIVERY


#: The Bootstrap colour of a line's status (the others: "info").
BADGES = {s.NEW: "warning", s.DELIVERED: "success", s.PICKED_UP: "success", s.LINE_CANCELLED: "secondary"}
TODO = "todo"  # the status filter's "still to do": lines neither finished nor cancelled


class OrderLinesView(ListView):
    """A producer's own order lines (``/dashboard/orders/lines/``), one card per order, newest
    first, with the moves each line may make now: what to prepare, where it goes and who to call
    — never other producers' lines, the order's total or its payment. Staff see every line.
    ``?order=<number>`` narrows to one order (the link in the producer's e-mail), ``?status=``
    to a line status (or ``todo``). Its queries do not grow with the number of lines."""

    template_name = "oscar/dashboard/orders/order_lines.html"
    context_object_name = "orders"
    paginate_by = 20

    def owned_lines(self):
        """The lines this user may see and move: the ownership rule's, of orders that may proceed."""
        return access.order_lines_for(self.request.user).exclude(order__status=s.AWAITING_PAYMENT)

    def get_queryset(self):
        lines = self.owned_lines()
        self.order_number = self.request.GET.get("order", "").strip()[:128]
        if not printable(self.order_number):  # a NUL byte or a control character: no such order
            self.order_number = ""
        if self.order_number:
            lines = lines.filter(order__number=self.order_number)
        self.status = self.request.GET.get("status", "")
        if self.status == TODO:
            lines = lines.exclude(status__in=s.FINISHED)
        elif self.status in s.LINE_LABELS:
            lines = lines.filter(status=self.status)
        else:
            self.status = ""
        self.shown_lines = lines
        return (
            Order.objects.filter(pk__in=lines.values("order_id"))
            .select_related("shipping_address")
            .order_by("-date_placed", "-pk")
        )

    def get_context_data(self, failed=None, **kwargs):
        context = super().get_context_data(**kwargs)
        orders = list(context["orders"])
        lines = list(
            self.shown_lines.filter(order__in=[order.pk for order in orders])
            .prefetch_related("shipments")
            .order_by("order_id", "partner_name", "partner_id", "pk")
        )
        point_ids = {pickup_point_id(order.shipping_code) for order in orders} - {None}
        points = SalesPoint.objects.in_bulk(point_ids) if point_ids else {}
        reasons = moves.cancel_reasons(lines)
        cards = {
            order.pk: OrderCard(order, moves.delivery_kind(order), points.get(pickup_point_id(order.shipping_code)))
            for order in orders
        }
        for line in lines:
            card = cards[line.order_id]
            line.order = card.order
            key = f"{line.order_id}-{line.partner_id or 0}"
            if not card.parts or card.parts[-1].key != key:
                card.parts.append(ProducerPart(key, line.partner_name))
            part = card.parts[-1]
            part.lines.append(line)
            self.offer(line, card, part, reasons)
        for card in cards.values():
            for part in card.parts:
                self.batch(part)
                part.ticked = {line.pk for line in part.hand_over}
        if failed:
            self.show_failure(cards.values(), failed)
        context.update(
            cards=[cards[order.pk] for order in orders],
            order_number=self.order_number,
            status=self.status,
            statuses=[(TODO, _("Still to do")), *s.LINE_LABELS.items()],
            carriers=Carrier.choices,
            reason_max_length=moves.REASON_MAX_LENGTH,
            move_url=reverse("dashboard:order-line-move") + self.querystring(),
        )
        return context

    def offer(self, line, card, part, reasons):
        """What the page offers for ``line``: its buttons (``line.actions``), whether it may be
        cancelled, and whether it goes in the card's parcel form."""
        possible = moves.moves(line, card.kind)
        line.status_label = s.LINE_LABELS.get(line.status, line.status)
        line.badge = BADGES.get(line.status, "info")
        line.actions = [
            (to, moves.ACTION_LABELS[to]) for to in possible if to not in (s.LINE_SHIPPED, s.LINE_CANCELLED)
        ]
        line.can_cancel = s.LINE_CANCELLED in possible
        line.cancel_reason = reasons.get(line.pk, "")
        line.cancel_open, line.cancel_value, line.cancel_errors = False, "", []
        if s.LINE_SHIPPED in possible:
            part.hand_over.append(line)

    def batch(self, part):
        """One button for a move that two or more lines of the part may make from one status."""
        groups = {}
        for line in part.lines:
            for to, label in line.actions:
                groups.setdefault((to, line.status), (label, []))[1].append(line.pk)
        part.batches = [
            (to, gettext("%(action)s: all %(count)s") % {"action": label, "count": len(ids)}, seen, ids)
            for (to, seen), (label, ids) in groups.items()
            if len(ids) > 1
        ]

    def show_failure(self, cards, failed):
        """Open the form that was refused, with what was typed and what is wrong."""
        form, hand_over, ids = failed["form"], failed["hand_over"], failed["lines"]
        for card in cards:
            for part in card.parts:
                if hand_over is not None and ids & {line.pk for line in part.hand_over}:
                    part.ship_open = True
                    part.ticked = ids
                    part.ship_values = {name: hand_over.data.get(name, "") for name in hand_over.fields}
                    part.ship_errors = [error for errors in hand_over.errors.values() for error in errors]
                    continue
                for line in part.lines:
                    if hand_over is None and line.pk in ids and line.can_cancel:
                        line.cancel_open = True
                        line.cancel_value = form.data.get("reason", "")
                        line.cancel_errors = form.errors.get("reason", [])

    def querystring(self):
        return f"?{self.request.GET.urlencode()}" if self.request.GET else ""


class OrderLineMoveView(OrderLinesView):
    """POST: move some of the user's lines of one order (``lines``) from status ``seen`` to
    ``to`` (forms.LineMoveForm; a parcel's carrier and tracking number with forms.HandOverForm).
    A line the user may not see is not found (404); a move the line may not make now — forged,
    out of date, or the second of a double tap — is refused with a message and changes nothing
    (moves.check, under a lock on the order and its lines). Back to the page and its filters."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ids = self.posted_ids()
        if not ids:
            return self.refuse(gettext("Nothing changed: no line was chosen."))
        lines = self.owned_lines().filter(pk__in=ids)
        found = dict(lines.values_list("pk", "order_id"))
        if len(found) != len(ids):
            raise Http404
        if len(set(found.values())) > 1:
            return self.refuse(gettext("Nothing changed: the lines must be of one order."))
        form = LineMoveForm(request.POST)
        form.is_valid()
        if "to" in form.errors or "seen" in form.errors:
            return self.refuse(gettext("Nothing changed: the page does not offer this move."))
        to, seen = form.cleaned_data["to"], form.cleaned_data["seen"]
        with transaction.atomic():
            order, lines = moves.locked(next(iter(found.values())), lines)
            if len(lines) != len(ids):  # gone from the user's lines meanwhile
                raise Http404
            try:
                moves.check(lines, seen, to, moves.delivery_kind(order))
            except moves.Refused as refused:
                return self.refuse(str(refused), order)
            hand_over = HandOverForm(order, lines, request.POST) if to == s.LINE_SHIPPED else None
            if not form.is_valid() or (hand_over is not None and not hand_over.is_valid()):
                messages.error(request, gettext("Nothing changed: see what is missing in the order's card."))
                return self.show_errors({"form": form, "hand_over": hand_over, "lines": set(ids)})
            shipment = hand_over.save(request.user) if hand_over is not None else None
            moves.move(order, lines, to, form.cleaned_data["reason"])
        titles = ", ".join(line.title for line in lines)
        if shipment is not None:
            message = gettext("Order %(number)s: %(lines)s handed to %(carrier)s, tracking number %(tracking)s.") % {
                "number": order.number,
                "lines": titles,
                "carrier": shipment.carrier_label,
                "tracking": shipment.tracking_number,
            }
        else:
            message = gettext("Order %(number)s: %(lines)s — %(status)s.") % {
                "number": order.number,
                "lines": titles,
                "status": s.LINE_LABELS[to],
            }
        messages.success(request, message)
        return redirect(self.back(order))

    def posted_ids(self):
        """The posted line ids, each once; anything but a line id is no line of anybody's (404)."""
        ids = set()
        for value in self.request.POST.getlist("lines"):
            if not (value.isascii() and value.isdigit() and len(value) <= 18):
                raise Http404
            ids.add(int(value))
        return ids

    def back(self, order=None):
        url = reverse("dashboard:order-lines") + self.querystring()
        return f"{url}#order-{order.number}" if order is not None else url

    def refuse(self, message, order=None):
        messages.error(self.request, message)
        return redirect(self.back(order))

    def show_errors(self, failed):
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(failed=failed))
