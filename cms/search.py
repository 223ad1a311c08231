"""Page search next to product search: news, stories, fairs, live sessions and the site's own
pages, found with or without diacritics ("hoi cho" finds "Hội chợ").

Each searchable page model mixes in :class:`FoldedText` and adds ``FOLDED`` to its
``search_fields``: Wagtail indexes the page's searchable text folded (no diacritics, lower case,
``marketplace.text.fold``), and a query is folded the same way before it is searched."""

import hashlib
import re

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from wagtail.models import Page
from wagtail.search import index

from marketplace import pagecache
from marketplace.text import fold

from .locales import active_locale_id

#: The page models searched, by label; those of apps not installed are skipped.
SEARCHABLE = ("news.NewsPage", "stories.ProductStoryPage", "fairs.FairPage", "live.LiveSessionPage", "cms.PolicyPage")
MAX_QUERY = 100
CACHE_SECONDS = 300


class FoldedText:
    """The page's title and searchable fields, folded, for :data:`FOLDED`."""

    def folded_text(self):
        parts = [self.title]
        for field in self.search_fields:
            name = field.field_name
            if not isinstance(field, index.SearchField) or name in ("title", "folded_text"):
                continue
            try:
                model_field = self._meta.get_field(name)
            except FieldDoesNotExist:  # a method
                value = getattr(self, name, "")
                parts.append(str(value() if callable(value) else value or ""))
                continue
            value = getattr(self, name, "")
            if hasattr(model_field, "get_searchable_content"):
                parts.extend(str(text) for text in model_field.get_searchable_content(value))
            elif value:
                parts.append(str(value))
        return fold(" ".join(parts))


FOLDED = index.SearchField("folded_text")


def search_pages(query, limit=5):
    """The live pages of the visitor's language that match ``query``, best first. Which pages
    match is cached per query, language and listing generation of :mod:`marketplace.pagecache`
    (which every publication, change or unpublication of a page bumps); the pages themselves are
    read again, live only."""
    # Words only: quotes, operators and stars mean something to the full-text engines.
    words = re.findall(r"\w+", fold(query or ""))
    if not words:
        return []
    text, locale_id = " ".join(words)[:MAX_QUERY], active_locale_id()
    asked = repr((text, limit, locale_id, pagecache.generation()))
    key = "page-search:" + hashlib.sha256(asked.encode()).hexdigest()
    ids = cache.get(key)
    if ids is None:
        pages = Page.objects.live().type(*searchable_models()).filter(locale_id=locale_id)
        ids = [page.pk for page in pages.search(text, operator="and")[:limit]]
        cache.set(key, ids, CACHE_SECONDS)
    found = Page.objects.live().filter(pk__in=ids).specific().in_bulk()
    return [found[pk] for pk in ids if pk in found]


def searchable_models():
    models = []
    for label in SEARCHABLE:
        try:
            models.append(apps.get_model(label))
        except LookupError:  # a content app not installed
            continue
    return models
