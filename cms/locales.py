"""Pages in the visitor's language (wagtail-localize; README, "Languages: wagtail-localize").

Editors write in Vietnamese; a page may have an English translation in the English tree, which
wagtail-localize keeps in step with the Vietnamese page (an alias until it is translated). One
address serves both languages, as everywhere on the site (the language is the visitor's choice,
``VietnameseFirstLocaleMiddleware``): a page without a translation is shown in Vietnamese.
"""

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

#: language code -> Locale id, read once per process (locales are made once, by the office);
#: forgotten whenever a Locale is saved or deleted.
_ids = {}


def locale_id(language_code):
    """The id of the Locale of ``language_code``, or of the default one when there is none."""
    if language_code not in _ids:
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        found = dict(
            Locale.objects.filter(language_code__in={language_code, default}).values_list("language_code", "id")
        )
        _ids[language_code] = found.get(language_code, found.get(default))
    return _ids[language_code]


def default_locale_id():
    return locale_id(get_supported_content_language_variant(settings.LANGUAGE_CODE))


def active_locale_id():
    try:
        return locale_id(get_supported_content_language_variant(translation.get_language()))
    except LookupError:
        return default_locale_id()


def localized(pages):
    """Of the pages ``pages`` (a queryset), each one once, in the visitor's language where it
    has been translated, in Vietnamese otherwise — one query, a subquery inside."""
    default, active = default_locale_id(), active_locale_id()
    if active == default:
        return pages.filter(locale_id=default)
    translated = pages.filter(locale_id=active).values("translation_key")
    return pages.filter(Q(locale_id=active) | Q(locale_id=default) & ~Q(translation_key__in=translated))


def _forget(**kwargs):
    _ids.clear()


post_save.connect(_forget, sender=Locale, dispatch_uid="cms-locales-saved")
post_delete.connect(_forget, sender=Locale, dispatch_uid="cms-locales-deleted")
