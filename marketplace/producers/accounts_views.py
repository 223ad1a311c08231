"""Views of producer accounts (see accounts.py).

* ``/dashboard/partners/<pk>/invite/`` — staff invite a user by e-mail, from the producer's
  page in the dashboard (a POST; the form is on Oscar's partner page, theme template
  ``oscar/dashboard/partners/partner_manage.html``).
* ``/accounts/producer/welcome/<uidb64>/<token>/`` — the invitation's link: choose a password,
  land signed in on ``/dashboard/``.
* ``/accounts/producer/claim/`` — a signed-in user claims a producer by its registry and tax codes.
* ``/accounts/producer/claim/<token>/`` — the link e-mailed to the producer's registered address.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import never_cache
from oscar.apps.customer.utils import normalise_email
from oscar.views.decorators import permissions_required

from . import accounts
from .accounts_forms import ClaimForm, InviteForm

Partner = accounts.Partner


def _invite_permissions():
    """Oscar's for linking a user to a partner, and for making a user: staff who may see
    producers and add and change users."""
    label = get_user_model()._meta.app_label
    return ["is_staff", "partner.view_partner", f"{label}.view_user", f"{label}.add_user", f"{label}.change_user"]


@method_decorator(permissions_required(_invite_permissions()), name="dispatch")
class ProducerInviteView(generic.View):
    """Invite a user by e-mail to a producer (staff with Oscar's permissions to link and make
    users); back to the producer's page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        partner = get_object_or_404(Partner, pk=pk)
        form = InviteForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("email", []):
                messages.error(request, _("Invitation not sent: %(error)s") % {"error": error})
            return redirect("dashboard:partner-manage", pk=partner.pk)
        email = normalise_email(form.cleaned_data["email"])
        names = {"email": email, "producer": partner.name}
        try:
            user, created, linked = accounts.invite(partner, email)
        except accounts.InviteError as error:
            if error.args[0] == "inactive":
                text = _("The account %(email)s is deactivated. Reactivate it under Customers before inviting it.")
            else:
                text = _("Several accounts use %(email)s. Link the right one with “Link an existing user”.")
            messages.error(request, text % names)
            return redirect("dashboard:partner-manage", pk=partner.pk)
        names["email"] = user.email
        if created:
            text = _(
                "An account was made for %(email)s and linked to %(producer)s. An invitation to choose "
                "a password was sent to %(email)s."
            )
        elif linked:
            text = _("The account %(email)s was linked to %(producer)s and an invitation was sent to it.")
        else:
            text = _("%(email)s already belongs to %(producer)s: the invitation was sent again.")
        messages.success(request, text % names)
        return redirect("dashboard:partner-manage", pk=partner.pk)


class ProducerWelcomeView(auth_views.PasswordResetConfirmView):
    """The invitation's link: Django's password-reset confirmation with the invitation's own
    tokens (one use, three days); the new password signs the user in, in the producer area."""

    template_name = "producers/welcome.html"
    form_class = SetPasswordForm
    token_generator = accounts.invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("dashboard:index")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Django's help is an HTML list; the page shows help as text.
        form.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())
        return form

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.validlink:
            ctx["invited_user"] = self.user
            ctx["producers"] = Partner.objects.filter(users=self.user).order_by("name")
        return ctx

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Welcome to your producer area."))
        return response


@method_decorator(never_cache, name="dispatch")
class ProducerClaimView(generic.FormView):
    """A signed-in user claims a producer: both codes must match one synced, active producer.
    A wrong pair gets one answer whichever code is wrong; :data:`accounts.CLAIM_ATTEMPTS` tries
    an hour per user and per address. A match e-mails the producer's registered address."""

    template_name = "producers/claim.html"
    form_class = ClaimForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["own_producers"] = Partner.objects.filter(users=self.request.user).order_by("name")
        ctx.update(page_title=_("Manage your producer's products"), active_tab="producer")
        return ctx

    def post(self, request, *args, **kwargs):
        if not accounts.claims_left(request):
            return self.throttled()
        return super().post(request, *args, **kwargs)

    def throttled(self):
        ctx = self.get_context_data(form=self.get_form_class()(), throttled=True)
        return self.render_to_response(ctx, status=429)

    def form_valid(self, form):
        accounts.count_claim(self.request)
        partner = accounts.find_producer(form.cleaned_data["registry_code"], form.cleaned_data["tax_code"])
        if partner is None:
            form.add_error(
                None,
                _(
                    "No OCOP producer has this registry code together with this tax code. Check both "
                    "against the producer's OCOP certificate and tax registration, and try again."
                ),
            )
            return self.form_invalid(form)
        ctx = {"producer": partner, "office_contact": settings.OCOP_OFFICE_CONTACT}
        if partner.users.filter(pk=self.request.user.pk).exists():
            ctx["outcome"] = "member"
        elif not partner.email:
            ctx["outcome"] = "no_email"
        elif accounts.send_claim(self.request, partner):
            ctx.update(outcome="sent", masked_email=accounts.mask_email(partner.email))
        else:
            ctx["outcome"] = "not_sent"
        status = 503 if ctx["outcome"] == "not_sent" else 200
        return render(self.request, "producers/claim_result.html", ctx, status=status)


#: The status of the page that refuses a confirmation link, by reason (the page says why).
CLAIM_LINK_ERRORS = {
    "expired": 410,
    "used": 410,
    "invalid": 400,
    "other_user": 403,
}


@method_decorator(never_cache, name="dispatch")
class ProducerClaimConfirmView(generic.View):
    """The confirmation link: shows the producer and a button (a link opened by a mail scanner
    or a prefetch changes nothing); the button links the signed-in user and lands on
    ``/dashboard/``. A link for another user, expired, used or altered changes nothing."""

    template_name = "producers/claim_confirm.html"

    def get(self, request, token):
        try:
            partner = accounts.read_claim(token, request.user)
        except accounts.ClaimLinkError as error:
            return self.refused(error.reason)
        return render(request, self.template_name, {"producer": partner})

    def post(self, request, token):
        try:
            partner = accounts.confirm_claim(token, request.user)
        except accounts.ClaimLinkError as error:
            return self.refused(error.reason)
        messages.success(
            self.request,
            _("Your account now belongs to %(producer)s. Welcome to your producer area.") % {"producer": partner.name},
        )
        return redirect("dashboard:index")

    def refused(self, reason):
        ctx = {"reason": reason, "office_contact": settings.OCOP_OFFICE_CONTACT}
        return render(self.request, self.template_name, ctx, status=CLAIM_LINK_ERRORS[reason])
