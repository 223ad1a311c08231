from django import template
from django.utils.html import format_html, format_html_join

from ..renditions import FORMATS, WIDTHS, rendition_url

register = template.Library()


@register.simple_tag
def product_picture(image, alt, sizes="(min-width: 768px) 25vw, 50vw", eager=False, css_class=""):
    """A <picture> with WebP and JPEG sources at every rendition width, its size given (no layout
    shift); lazily loaded, or — the page's main picture — at once and first (``eager``)."""
    if not image:
        return format_html(
            '<div class="product-picture product-picture--empty {}" role="img" aria-label="{}"></div>', css_class, alt
        )
    name = image.original.name
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((mime, _srcset(name, ext), sizes) for ext, (_fmt, mime, _opts) in FORMATS.items()),
    )
    return format_html(
        '<picture class="product-picture {}">{}'
        '<img src="{}" alt="{}" width="640" height="640" loading="{}"{} decoding="async"></picture>',
        css_class,
        sources,
        rendition_url(name, 640, "jpg"),
        alt,
        "eager" if eager else "lazy",
        format_html(' fetchpriority="{}"', "high") if eager else "",
    )


def _srcset(name, ext):
    return ", ".join(f"{rendition_url(name, w, ext)} {w}w" for w in WIDTHS)


@register.filter
def first_image(product):
    """The product's first image from the prefetched ``images`` (no query)."""
    images = list(product.images.all())
    return images[0] if images else None
