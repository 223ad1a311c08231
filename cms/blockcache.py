"""Blocks rendered once rather than on every request.

A block made of the site's content (the latest news, the next fairs, the product groups…) shows
the same HTML to every visitor until that content changes. :class:`CachedRenderMixin` keeps its
rendering in the cache under the block, its value, the language, the listing generation of
:mod:`marketplace.pagecache` (which every save of content bumps, so a published article or a new
fair shows at once) and the current minute (so what depends on the clock — a fair that has ended,
a live session starting — is never more than a minute late, as with the page cache); a block that
shows nothing of the clock (the latest news, the product groups) says ``clock = pagecache.DAY``
and is kept for the day instead.

Only for blocks whose HTML depends on nothing of the visitor (no form with a CSRF token, no
user): signed-in visitors and staff get the cached HTML too."""

import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from marketplace import pagecache


class CachedRenderMixin:
    #: What of the clock the block shows (``clock`` of :func:`marketplace.pagecache.content_key`).
    clock = None

    def render(self, value, context=None):
        key = self.rendering_key(value)
        html = cache.get(key)
        if html is None:
            html = str(super().render(value, context))
            cache.set(key, html, pagecache.seconds(self.clock))
        return mark_safe(html)  # noqa: S308 - the block's own rendering, safe when it was made

    def rendering_key(self, value):
        prepared = json.dumps(self.get_prep_value(value), sort_keys=True, cls=DjangoJSONEncoder)
        return pagecache.content_key(
            "block", f"{type(self).__module__}.{type(self).__qualname__}", prepared, clock=self.clock
        )
