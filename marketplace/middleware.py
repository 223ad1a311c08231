from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy, default_config
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def visitor_language(request):
    """The language of a request's pages: the visitor's choice (the language switcher's cookie)
    when it is one of ``LANGUAGES``, else Vietnamese (``LANGUAGE_CODE``)."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the visitor chose English with the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones in
    Vietnam run an English system language; the site's language is the visitor's explicit
    choice (the ``django_language`` cookie set by ``set_language``), else Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = visitor_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


def csp_allow(request, directives):
    """Add sources to this response's Content-Security-Policy, e.g. ``{"script-src":
    ["https://js.stripe.com"]}``: for code that decides what a page embeds without owning the
    view (a payment method's form is included on the order's payment page). django-csp's
    ``@csp_update`` does the same for a whole view."""
    allowed = request.__dict__.setdefault("_csp_allow", {})
    for directive, sources in directives.items():
        allowed.setdefault(directive, [])
        allowed[directive] += [source for source in sources if source not in allowed[directive]]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admins' looser policy under ``ADMIN_URL_PREFIXES``.

    The storefront gets ``CONTENT_SECURITY_POLICY`` (no inline script without the nonce);
    Wagtail's admin, Oscar's dashboard and Django's admin need inline scripts and styles and get
    ``ADMIN_CONTENT_SECURITY_POLICY``. Sources added for one request (:func:`csp_allow`) are
    added to its policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.ADMIN_URL_PREFIXES):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        allowed = getattr(request, "_csp_allow", None)
        if not report_only and allowed:
            update = {directive: list(sources) for directive, sources in (parts.update or {}).items()}
            for directive, sources in allowed.items():
                update[directive] = update.get(directive, []) + sources
            parts.update = update
        return parts

    #: Stands for the response's nonce in a policy built once (see :meth:`process_response`).
    NONCE_MARK = "__csp_nonce__"

    def __init__(self, get_response):
        super().__init__(get_response)
        self._policies = {}

    def process_response(self, request, response):
        """As django-csp's, with the two usual policies (the storefront's, the admins') built
        once per process and only the nonce put in per response; any other policy (a view's
        ``@csp_update``, :func:`csp_allow`, a report-only policy) is built by django-csp."""
        if (
            HEADER in response
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or any(getattr(response, name, None) is not None for name in ("_csp_config", "_csp_update", "_csp_replace"))
            or getattr(response, "_csp_exempt", False)
            or getattr(request, "_csp_allow", None)
            or (settings.DEBUG and response.status_code in (500, 404))
        ):
            return super().process_response(request, response)
        admin = request.path_info.startswith(settings.ADMIN_URL_PREFIXES)
        nonce = getattr(request, "_csp_nonce", None)
        # The settings' dicts by identity: a test's override_settings gets its own policy.
        policy = settings.ADMIN_CONTENT_SECURITY_POLICY if admin else settings.CONTENT_SECURITY_POLICY
        key = (admin, nonce is not None, id(policy))
        if key not in self._policies:
            parts = self.get_policy_parts(request, response)
            self._policies[key] = build_policy(parts.config, nonce=self.NONCE_MARK if nonce is not None else None)
        response[HEADER] = (
            self._policies[key].replace(self.NONCE_MARK, nonce) if nonce is not None else self._policies[key]
        )
        if nonce is None:  # as django-csp: a nonce asked for after the header is written is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
