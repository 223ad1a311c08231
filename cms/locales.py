"""Pages in the visitor's language (wagtail-localize; README, "Publishing").

Editors write in Vietnamese; a page may have an English translation in the English tree, which
wagtail-localize keeps in step with the Vietnamese page (an alias until it is translated). One
address serves both languages, as everywhere on the site (the language is the visitor's choice,
``VietnameseFirstLocaleMiddleware``): a page without a translation is shown in Vietnamese.
"""

from django.db.models import Q
from wagtail.models import Locale


def localized(pages):
    """Of the pages ``pages`` (a queryset), each one once, in the visitor's language where it
    has been translated, in Vietnamese otherwise — one query, a subquery inside."""
    default = Locale.get_default()
    active = Locale.get_active()
    if active.pk == default.pk:
        return pages.filter(locale=default)
    translated = pages.filter(locale=active).values("translation_key")
    return pages.filter(Q(locale=active) | Q(locale=default) & ~Q(translation_key__in=translated))
