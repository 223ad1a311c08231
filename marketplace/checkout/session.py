from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import exceptions
from oscar.apps.checkout.session import CheckoutSessionMixin as OscarCheckoutSessionMixin

from marketplace.payment import methods as payment_methods


class CheckoutSessionMixin(OscarCheckoutSessionMixin):
    """Oscar's checkout mixin, for a phone-first checkout: what a guest must have given before
    the later steps is a contact (name and phone), not an e-mail address; and the payment step
    is a choice among the payment interface's methods (:mod:`marketplace.payment.methods`)."""

    def check_user_email_is_captured(self, request):
        """Oscar's name for "who is ordering is known" (its views list it by this name): a
        signed-in customer, or a guest whose contact is in the session."""
        if not request.user.is_authenticated and not self.checkout_session.is_contact_set():
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:index"),
                message=_("Please give your name and phone number, or log in."),
            )

    def check_payment_data_is_captured(self, request):
        """The review needs a payment method that can still pay the order (the total may have
        changed since it was chosen: a COD limit, a method switched off)."""
        choice = self.payment_choice(request.basket)
        if choice is None:
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"), message=_("Please choose how you pay.")
            )
        if not choice.enabled:
            raise exceptions.FailedPreCondition(url=reverse("checkout:payment-method"), message=choice.reason)

    def get_shipping_method(self, basket, shipping_address=None, **kwargs):
        """Oscar's, worked out once per request: every step asks for it several times (its
        pre-conditions, the totals, the payment choices), and each asks the delivery rules."""
        key = (
            basket.pk,
            self.checkout_session.shipping_method_code(basket),
            getattr(shipping_address, "province_id", None),
            getattr(shipping_address, "commune_id", None),
        )
        cache = self.__dict__.setdefault("_shipping_methods", {})
        if key not in cache:
            cache[key] = super().get_shipping_method(basket, shipping_address, **kwargs)
        return cache[key]

    def order_total(self, basket):
        """The order's total (an Oscar price) with the delivery chosen, or None before it is."""
        address = self.get_shipping_address(basket)
        method = self.get_shipping_method(basket, address)
        if method is None:
            return None
        return self.get_order_totals(basket, shipping_charge=method.calculate(basket))

    def payment_choices(self, basket):
        """Every payment method for this order, as the payment interface's ``Choice`` (with why
        not, when one cannot pay it)."""
        if "_payment_choices" in self.__dict__:
            return self._payment_choices
        total = self.order_total(basket)
        amount = int(total.incl_tax) if total is not None else int(basket.total_incl_tax)
        self._payment_choices = payment_methods.available(amount, self.get_shipping_address(basket))
        return self._payment_choices

    def payment_choice(self, basket):
        """The chosen method as a ``Choice`` (``reason`` set if it can no longer pay), or None."""
        code = self.checkout_session.payment_method()
        return next((c for c in self.payment_choices(basket) if c.method.code == code), None) if code else None

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        if not submission["user"].is_authenticated and submission["order_kwargs"].get("guest_email") is None:
            submission["order_kwargs"]["guest_email"] = ""  # a guest may give no e-mail
        return submission
