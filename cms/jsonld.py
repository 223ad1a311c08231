"""schema.org data for pages (``<script type="application/ld+json">``): one way to write it safely."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from cms import renditions
from marketplace.site import absolute_url


def jsonld(data):
    """``data`` as JSON for a script element: ``<`` ``>`` ``&`` escaped, so no text an editor or
    a producer typed can close the element."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # safe: JSON


def plain(text, limit=None):
    """Text without markup for a schema.org string (``limit`` characters at most)."""
    text = " ".join(strip_tags(text or "").split())
    return text[:limit] if limit else text


def image_url(image, spec=renditions.SHARE):
    """The absolute address of a rendition of a Wagtail image (``None`` without an image)."""
    if image is None:
        return None
    url = image.get_rendition(spec).url
    return absolute_url(url) if url.startswith("/") else url
