"""Login throttling (django-axes) for the four login forms: the shop's, the dashboard's,
Wagtail's and Django admin's. Settings are in ``marketplace/settings.py`` (``AXES_*``)."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses logins for a locked-out account and address, on every form that logs in.

    ``authenticate()`` without a request comes from code, not from a visitor: Oscar signs a
    customer in right after registration with the password just chosen, and tests use
    ``Client.login``. No one can drive those to guess passwords, so they are not counted
    (django-axes would refuse them).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request, credentials):
    """The account an attempt is for, as one key however it was typed.

    The shop logs in by e-mail, the admins by user name, in any letter case; a success is
    reported under the user name. All of them count for the account's e-mail address.
    """
    typed = str((credentials or {}).get("username") or "").strip()
    email = get_user_model()._default_manager.filter(username=typed).values_list("email", flat=True).first()
    return (email or typed).lower()


def client_ip(request):
    """The visitor's address: behind our TLS proxy, the one the proxy saw (the last entry it
    appended to X-Forwarded-For), else the connection's."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response, credentials):
    """The page a locked-out visitor sees (HTTP 429), in the site's language."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
