from oscar.apps.customer import forms
from oscar.apps.customer.utils import normalise_email
from oscar.core.compat import get_user_model


class EmailUserCreationForm(forms.EmailUserCreationForm):
    """Oscar's registration form, without "A user with that email address already exists".

    That error told anyone whether an address has an account here. The form now accepts the
    address and keeps the account it belongs to in ``existing_user``; registering then tells
    that account's owner by e-mail instead (``RegisterUserMixin``).
    """

    existing_user = None

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        self.existing_user = get_user_model()._default_manager.filter(email__iexact=email).first()
        return email
