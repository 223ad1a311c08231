import logging
from functools import wraps
from urllib.parse import urlencode

import stripe
from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import never_cache
from oscar.apps.customer import views
from oscar.core.loading import get_model

from marketplace.order import tracking
from marketplace.payment import methods

from .forms import EmailUserCreationForm

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")


def after_registration(request, form):
    """Where both a new registration and one for a known address end: the login page, with
    the same message, so the answer does not tell whether the address had an account."""
    messages.success(request, _("Thank you for registering. We have sent you an e-mail; log in with your password."))
    url, next_url = reverse("customer:login"), form.cleaned_data.get("redirect_url")
    if next_url and next_url != settings.LOGIN_REDIRECT_URL:
        url += "?" + urlencode({"next": next_url})
    return redirect(url)


class AccountAuthView(views.AccountAuthView):
    """The login and registration page; registering does not log in (see ``register_user``)."""

    registration_form_class = EmailUserCreationForm

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            self.register_user(form)
            return after_registration(self.request, form)
        return self.render_to_response(self.get_context_data(registration_form=form))

    def get_login_success_url(self, form):
        """Oscar's (a safe ``?next=`` first — its form keeps only a same-site address — then the
        dashboard for staff, else ``LOGIN_REDIRECT_URL``), and a producer's user, who came to
        look after the producer's products and orders, lands in the producer area."""
        if not form.cleaned_data["redirect_url"] and is_producer_user(self.request.user):
            return reverse("dashboard:index")
        return super().get_login_success_url(form)


def is_producer_user(user):
    """One of a producer's users (``Partner.users``) who may open the producer area."""
    return user.has_perm("partner.dashboard_access") and user.partners.exists()


class AccountRegistrationView(views.AccountRegistrationView):
    form_class = EmailUserCreationForm

    def form_valid(self, form):
        self.register_user(form)
        return after_registration(self.request, form)


class LogoutView(views.LogoutView):
    """Logs out on POST only. Oscar logs out on GET, so any page could log a visitor out with
    an image or a prefetched link; a GET now shows a page with the logout button."""

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(self.get_redirect_url())
        return TemplateResponse(request, "oscar/customer/logout.html", {"page_title": _("Log out")})

    def post(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- The order pages: a guest's tracking link and a customer's orders --------------------------


def private_page(view):
    """An order's page: never kept by a shared cache or the browser's back-forward copy of another
    visitor, and never indexed (``X-Robots-Tag`` as well as the page's robots meta)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)


def payment_form(request, order, payment):
    """The method's own payment form (its ``start``), rendered: drawn on the order page itself for
    the methods in :data:`tracking.INLINE_PAYMENT` (a bank transfer's QR code is made here); the
    card form is on the order's pay page, so that Stripe is asked only when the shopper chooses to
    pay. Raises ``stripe.StripeError`` when Stripe cannot be reached."""
    start = methods.get(payment.code).start(request, order)
    return render_to_string(start.template, start.context, request) if start.template else ""


class OrderPageMixin:
    """What both order pages show (marketplace/order/tracking.py), and where their pay page is."""

    pay_url_name = ""

    def url_kwargs(self):
        return {"order_number": self.object.number}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(tracking.tracking(self.object))
        payment = ctx["payment"]
        if payment and payment.payable:
            if payment.code in tracking.INLINE_PAYMENT:
                ctx["payment_form"] = payment_form(self.request, self.object, payment)
            else:
                ctx["pay_url"] = reverse(self.pay_url_name, kwargs=self.url_kwargs())
        return ctx


def guest_order(order_number, hash):
    """A guest's order, reached by the signed hash of its number (``Order.verification_hash``,
    the link in the confirmation page and e-mail); 404 for a wrong hash, a customer's order or
    no order. Oscar also asks for the order's e-mail address in the session; our guests may
    give no e-mail, and the link itself is the secret (signed with ``SECRET_KEY``)."""
    order = Order.objects.filter(user=None, number=order_number).only("pk", "number").first()
    if order is None or not order.check_verification_hash(hash):
        raise Http404
    return get_object_or_404(tracking.with_details(Order.objects.filter(pk=order.pk)))


@method_decorator(private_page, name="dispatch")
class AnonymousOrderDetailView(OrderPageMixin, generic.DetailView):
    """A guest's order page (``/accounts/order-status/<number>/<hash>/``): where it stands, its
    parcels, its delivery and its payment — and the payment itself while it is awaited."""

    template_name = "oscar/customer/anon_order.html"
    context_object_name = "order"
    pay_url_name = "customer:anon-order-pay"

    def get_object(self, queryset=None):
        return guest_order(self.kwargs["order_number"], self.kwargs["hash"])

    def url_kwargs(self):
        return {"order_number": self.object.number, "hash": self.kwargs["hash"]}


@method_decorator(private_page, name="dispatch")
class AnonymousOrderFormView(generic.View):
    """Oscar's form asking a guest for the order's e-mail address: not needed (see
    :func:`guest_order`), so its address leads to the order page."""

    def get(self, request, order_number, hash):
        order = guest_order(order_number, hash)
        return redirect("customer:anon-order", order_number=order.number, hash=hash)

    post = get


@method_decorator(private_page, name="dispatch")
class OrderDetailView(OrderPageMixin, views.OrderDetailView):
    """A customer's own order (another's answers 404, as Oscar's does)."""

    pay_url_name = "customer:order-pay"

    def get_object(self, queryset=None):
        orders = tracking.with_details(Order.objects.filter(user=self.request.user))
        return get_object_or_404(orders, number=self.kwargs["order_number"])

    def get_page_title(self):
        return _("Order %(number)s") % {"number": self.object.number}


@method_decorator(private_page, name="dispatch")
class OrderHistoryView(views.OrderHistoryView):
    """A customer's orders, newest first, with their status in words."""

    def get_queryset(self):
        return super().get_queryset().annotate(items=Sum("lines__quantity")).order_by("-date_placed", "-pk")


class OrderPayView(generic.DetailView):
    """Pay an order that waits for its payment: the method's form (the card form, which creates or
    reuses the order's Stripe PaymentIntent, or the transfer's QR code). An order that is paid,
    cancelled, on its way or paid in cash sends the shopper back to its page."""

    template_name = "oscar/customer/order/pay.html"
    context_object_name = "order"

    def order_url(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.object = order = self.get_object()
        payment = tracking.payment(order)
        if payment is None or not payment.payable:
            return redirect(self.order_url())
        ctx = self.get_context_data(object=order, payment=payment, order_url=self.order_url())
        reason = methods.get(payment.code).unavailable_reason(int(order.total_incl_tax), order.shipping_address)
        if reason:
            ctx["pay_unavailable"] = reason
            return self.render_to_response(ctx)
        try:
            ctx["payment_form"] = payment_form(request, order, payment)
        except stripe.StripeError as error:
            logger.warning("Stripe unreachable on the pay page of order %s: %s", order.number, error)
            ctx["unreachable"] = True
            return self.render_to_response(ctx, status=503)
        return self.render_to_response(ctx)


@method_decorator(private_page, name="dispatch")
class AnonymousOrderPayView(OrderPayView):
    def get_object(self, queryset=None):
        return guest_order(self.kwargs["order_number"], self.kwargs["hash"])

    def order_url(self):
        return reverse("customer:anon-order", kwargs=self.kwargs)


@method_decorator(private_page, name="dispatch")
class CustomerOrderPayView(OrderPayView):
    def get_object(self, queryset=None):
        orders = tracking.with_details(Order.objects.filter(user=self.request.user))
        return get_object_or_404(orders, number=self.kwargs["order_number"])

    def order_url(self):
        return reverse("customer:order", kwargs=self.kwargs)
