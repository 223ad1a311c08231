from django.conf import settings
from django.contrib.auth.hashers import make_password
from oscar.apps.customer import mixins
from oscar.apps.customer.signals import user_registered
from oscar.apps.customer.utils import get_password_reset_url

from .utils import CustomerDispatcher


class RegisterUserMixin(mixins.RegisterUserMixin):
    def register_user(self, form):
        """Creates the account, or tells the owner of the address someone tried to.

        Seen from the browser both end the same way: no one is logged in, an e-mail goes to the
        address, and the same page follows (``AccountAuthView``, ``AccountRegistrationView``).
        The new customer logs in with the password just chosen. Returns the new user, or
        None when the address already had an account.
        """
        if form.existing_user is not None:
            make_password(form.cleaned_data["password1"])  # the work a new account costs, so both take as long
            self.send_registration_attempt_email(form.existing_user)
            return None
        user = form.save()
        user_registered.send_robust(sender=self, request=self.request, user=user)
        if getattr(settings, "OSCAR_SEND_REGISTRATION_EMAIL", True):
            self.send_registration_email(user)
        return user

    def send_registration_attempt_email(self, user):
        context = {
            "user": user,
            "request": self.request,
            "reset_url": self.request.build_absolute_uri(get_password_reset_url(user)),
        }
        CustomerDispatcher().send_registration_attempt_email_for_user(user, context)
