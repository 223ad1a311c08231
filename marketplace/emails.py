"""E-mails through Oscar's communication event types.

Each e-mail is a ``CommunicationEventType`` (a code such as ``OCOP_DELISTED``). Its text is
what staff wrote for it in the dashboard (Content → Email templates), field by field; a field
left empty falls back to the theme's template
``oscar/communication/emails/commtype_<code>_{subject.txt,body.txt,body.html}``. The theme's
templates are written with ``{% trans %}``/``{% blocktrans %}`` and rendered in the recipient's
language, so one template gives the Vietnamese text (the site's language, from the catalogue in
``locale/vi``) and the English one. A text edited by staff is sent as written, in any language.

Every template gets ``site_name`` and ``site_url``; links in e-mails are absolute, built by
:func:`absolute_url` from ``settings.SITE_URL``.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from oscar.core.loading import get_class

from marketplace.site import absolute_url  # noqa: F401  (links in e-mails)

Dispatcher = get_class("communication.utils", "Dispatcher")

log = logging.getLogger(__name__)


def user_language(user):
    """The language a user reads e-mails in: the one chosen in the CMS admin's account
    settings (Wagtail's ``UserProfile``), else the site's language."""
    from wagtail.users.models import UserProfile

    chosen = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render(code, context, language=None):
    """The subject, text and HTML bodies of event type ``code`` rendered in ``language``
    (default: the site's language)."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        return Dispatcher(logger=log).get_messages(code, context)


def send(code, to, context, language=None):
    """Render event type ``code`` and send it to ``to``, one address or a list of addresses
    (one message that all of them receive); return the message sent, or ``None`` when staff
    have emptied the subject or both bodies (nothing to send)."""
    messages = render(code, context, language)
    if not (messages["subject"] and (messages["body"] or messages["html"])):
        log.warning("E-mail %s to %s not sent: its subject or body is empty", code, to)
        return None
    email = EmailMultiAlternatives(
        messages["subject"], messages["body"], settings.OSCAR_FROM_EMAIL, [to] if isinstance(to, str) else list(to)
    )
    if messages["html"]:
        email.attach_alternative(messages["html"], "text/html")
    log.info("Sending e-mail %s to %s", code, ", ".join(email.to))
    email.send()
    return email
