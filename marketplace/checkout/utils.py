from oscar.apps.checkout.utils import CheckoutSessionData as OscarCheckoutSessionData


class CheckoutSessionData(OscarCheckoutSessionData):
    """Oscar's checkout session, plus the shopper's contact.

    ``contact`` holds who ordered: ``name`` (as typed), ``phone`` (E.164, "+84912345678") and
    ``email`` ("" when a guest gave none). Guests fill it at the contact step; for signed-in
    customers the address step fills it from the recipient and their account's e-mail. Oscar's
    guest e-mail (``guest.email``) is kept in step, so ``Order.guest_email`` is set as Oscar does.
    """

    def set_contact(self, name, phone, email=""):
        self._set("contact", "name", name)
        self._set("contact", "phone", phone)
        self._set("contact", "email", email)
        self.set_guest_email(email)

    def contact(self):
        """{"name", "phone", "email"}, or None before the contact is known."""
        self._check_namespace("contact")
        data = self.request.session[self.SESSION_KEY]["contact"]
        return dict(data) if data.get("phone") else None

    def is_contact_set(self):
        return self.contact() is not None
