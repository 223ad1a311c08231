from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import exceptions
from oscar.apps.checkout.session import CheckoutSessionMixin as OscarCheckoutSessionMixin


class CheckoutSessionMixin(OscarCheckoutSessionMixin):
    """Oscar's checkout mixin, for a phone-first checkout: what a guest must have given before
    the later steps is a contact (name and phone), not an e-mail address."""

    def check_user_email_is_captured(self, request):
        """Oscar's name for "who is ordering is known" (its views list it by this name): a
        signed-in customer, or a guest whose contact is in the session."""
        if not request.user.is_authenticated and not self.checkout_session.is_contact_set():
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:index"),
                message=_("Please give your name and phone number, or log in."),
            )

    def build_submission(self, **kwargs):
        submission = super().build_submission(**kwargs)
        if not submission["user"].is_authenticated and submission["order_kwargs"].get("guest_email") is None:
            submission["order_kwargs"]["guest_email"] = ""  # a guest may give no e-mail
        return submission
