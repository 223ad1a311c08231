from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.customer import views

from .forms import EmailUserCreationForm


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
