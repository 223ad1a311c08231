"""Public certificate verification: what a consumer sees after scanning the QR code printed
on a product's packaging or typing a code into the lookup. Pages are cheap (a few queries) and
cached briefly, keyed by the certificate's last change and today's date in Vietnam, so a status
change or an expiry shows at once. Nothing typed here ever gives an error page: what matches
leads to its certificate(s), anything else gets "not found" and the form again."""

import re

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from marketplace.pagecache import DAY, kept, public_page
from marketplace.site import absolute_url
from marketplace.text import code_key, printable, unaccent

from .models import Certificate

MAX_TYPED = 200  # longer input cannot be a code: it is shown back shortened
MAX_DECISION_RESULTS = 200


def verification_url(request, code):
    """What a certificate's QR code encodes: its page at the site's public address."""
    return absolute_url(reverse("certification:verify", kwargs={"code": code}))


def find(typed):
    """What ``typed`` names: ``(certificates, kind)`` where kind is "certificate", "product" or
    "decision"; the typed text may be a certificate code, a product's OCOP code (its current
    certificate first) or a decision number, with any case, spacing, dashes or diacritics."""
    key = code_key(typed[:MAX_TYPED])
    if not key:
        return [], None
    certificates = Certificate.objects.select_related("product", "producer")
    found = list(certificates.filter(code_key=key)[:2])
    if found:
        return found, "certificate"
    found = list(certificates.filter(product__code_key=key).order_by("-decision_date", "-pk"))
    if found:
        current = [c for c in found if c.pk == c.product.certificate_id]
        return current + [c for c in found if c not in current], "product"
    found = list(certificates.filter(decision_key=key).order_by("product_name", "code")[:MAX_DECISION_RESULTS])
    return found, "decision" if found else None


@require_safe
@public_page
def lookup(request):
    """The form to type a code; what is typed leads to its certificate, or to the certificates of
    a decision, or to "not found"."""
    typed = " ".join(request.GET.get("code", "").split())[:MAX_TYPED]
    if not typed:
        return render(request, "certification/lookup.html")
    certificates, kind = find(typed)
    if not certificates:
        return _unknown(request, typed)
    if kind != "decision" or len(certificates) == 1:
        return redirect("certification:verify", code=certificates[0].code)
    return render(request, "certification/decision.html", {"code": typed, "certificates": certificates})


@require_safe
@public_page
def verify(request, code):
    if not printable(code):
        return _unknown(request, code)
    # What the page says of the certificate — its title, description and body, as text — kept
    # under the listing generation (which every change of a certificate, its product or producer
    # bumps) for the day (validity is by the day), in the process too; the page around it is
    # rendered for each visitor: its header is theirs (account links, basket, their CSRF token).
    page = kept("certificate-check", code, make=lambda: _verification(request, code), text=True, clock=DAY)
    if page is None:
        certificates, kind = find(code)  # typed by hand: "ocop-24-2021-0042", spaces, …
        if certificates and kind == "certificate":
            return redirect("certification:verify", code=certificates[0].code, permanent=True)
        return _unknown(request, code)
    title, description, body = page
    return render(
        request,
        "certification/verify.html",
        {"title": title, "description": description, "body": mark_safe(body)},  # noqa: S308
    )


def _verification(request, code):
    """The certificate check's own parts for ``code``: ``(title, description, body HTML)``, or
    ``None`` when there is no such certificate."""
    certificate = (
        Certificate.objects.select_related(
            "product__certificate", "product__producer", "producer__legacy_province", "producer__legacy_district"
        )
        .filter(code=code)
        .first()
    )
    if certificate is None:
        return None
    product = certificate.product
    current = product.certificate if product.certificate_id != certificate.pk else None
    body = render_to_string(
        "certification/certificate.html",
        {
            "certificate": certificate,
            "product": product,
            "certified": current is None and certificate.certifies_today(),
            "listed": current is None and product.is_listable(),
            "current": current,
            "events": list(certificate.events.order_by("recorded_at", "pk")),
        },
        request,
    )
    title = _("OCOP certificate %(code)s") % {"code": certificate.code} + ": " + certificate.status_in_words()
    description = _(
        "Check OCOP certificate %(code)s of %(product)s (%(producer)s) against the national registry data."
    ) % {
        "code": certificate.code,
        "product": certificate.product_name,
        "producer": certificate.producer.name,
    }
    return title, description, body


def _unknown(request, code):
    shown = code if len(code) <= 80 else code[:80] + "…"
    return render(request, "certification/unknown.html", {"code": shown}, status=404)


def _qr(request, code, kind, **options):
    if not printable(code) or not Certificate.objects.filter(code=code).exists():
        raise Http404(code)
    response = HttpResponse(content_type="image/png" if kind == "png" else "image/svg+xml")
    segno.make(verification_url(request, code), error="m").save(response, kind=kind, scale=10, border=4, **options)
    if request.GET.get("download"):
        filename = "ocop-" + re.sub(r"[^0-9A-Za-z.]+", "-", unaccent(code)).strip("-.") + f".{kind}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
@cache_control(public=True, max_age=86400)
def qr_png(request, code):
    """The QR code as a print-ready PNG (10 px a module, the standard 4-module quiet zone)."""
    return _qr(request, code, "png")


@require_safe
@cache_control(public=True, max_age=86400)
def qr_svg(request, code):
    return _qr(request, code, "svg", title=f"OCOP {code}")
