"""Public certificate verification: what a consumer sees after scanning the QR code printed
on a product's packaging. Pages are cheap (a few queries) and cached briefly, keyed by the
certificate's last change and today's date in Vietnam, so a status change or an expiry shows
at once."""

import segno
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import Certificate, local_today

PAGE_CACHE_SECONDS = 300


def _certificate(code):
    certificate = (
        Certificate.objects.select_related(
            "product__certificate", "producer__legacy_province", "producer__legacy_district"
        )
        .filter(code=code)
        .first()
    )
    if certificate is None:
        raise Http404(code)
    return certificate


def verification_url(request, code):
    return request.build_absolute_uri(reverse("certification:verify", kwargs={"code": code}))


@require_GET
def lookup(request):
    """The form to type a certificate code; a typed code goes to its page."""
    code = request.GET.get("code", "").strip().upper()
    if code:
        return redirect("certification:verify", code=code)
    return render(request, "certification/lookup.html")


@require_GET
def verify(request, code):
    version = Certificate.objects.filter(code=code).values_list("date_updated", flat=True).first()
    if version is None:
        return render(request, "certification/unknown.html", {"code": code}, status=404)
    key = f"verify:{code}:{request.LANGUAGE_CODE}:{version.timestamp()}:{local_today().isoformat()}"
    body = cache.get(key)
    if body is None:
        certificate = _certificate(code)
        product = certificate.product
        current = product.certificate if product.certificate_id != certificate.pk else None
        context = {
            "certificate": certificate,
            "product": product,
            "certified": current is None and certificate.certifies_today(),
            "listed": current is None and product.is_listable(),
            "current": current,
            "events": certificate.events.order_by("recorded_at", "pk"),
            "verify_url": verification_url(request, code),
        }
        body = render_to_string("certification/verify.html", context, request=request)
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return HttpResponse(body)


def _qr(request, code):
    _certificate(code)
    return segno.make(verification_url(request, code), error="m")


def _download(response, request, code, extension):
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="ocop-{code}.{extension}"'
    return response


@require_GET
@cache_control(public=True, max_age=86400)
def qr_png(request, code):
    response = HttpResponse(content_type="image/png")
    _qr(request, code).save(response, kind="png", scale=10, border=4)
    return _download(response, request, code, "png")


@require_GET
@cache_control(public=True, max_age=86400)
def qr_svg(request, code):
    response = HttpResponse(content_type="image/svg+xml")
    _qr(request, code).save(response, kind="svg", scale=10, border=4, title=f"OCOP {code}")
    return _download(response, request, code, "svg")
