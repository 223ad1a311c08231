"""``{% contentcache "name" vary_on… [clock=…] %}…{% endcontentcache %}``: a piece of a page
made of the site's content, rendered once rather than on every request.

The key is :func:`marketplace.pagecache.content_key`: the name, the ``vary_on`` values (the
product, the shopper's shared location…), the language, the listing generation (which every
change of content bumps) and what the piece shows of the clock — by default the minute (what is
open, live or over *now*), ``clock="day"`` for a piece that shows only what holds today (an
article, a product's certificate), or a value of the view's naming a clock of its own (the
sales points' opening-hours period); kept in Redis and in the process
(:data:`marketplace.pagecache.near`). Only for pieces that hold nothing of the visitor
beyond their ``vary_on`` values: no user, no session, no inline script (its CSP nonce is the
request's). A form in a piece is fine: its ``{% csrf_token %}`` is rendered as the page cache's
placeholder, which :class:`~marketplace.pagecache.PageCacheMiddleware` replaces with the visitor's
own token in every response. A Wagtail preview (an editor's unsaved page) is rendered, never
cached."""

from django import template
from django.utils.safestring import mark_safe

from marketplace import pagecache

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on, clock=None):
        self.nodelist, self.name, self.vary_on, self.clock = nodelist, name, vary_on, clock

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):  # an editor's unsaved page
            return self.nodelist.render(context)
        clock = None if self.clock is None else self.clock.resolve(context)
        key = pagecache.content_key(
            "fragment", self.name.resolve(context), *(value.resolve(context) for value in self.vary_on), clock=clock
        )
        html = pagecache.near.get_many([key]).get(key)
        if html is None:
            with context.push(csrf_token=pagecache.CSRF_PLACEHOLDER):
                html = str(self.nodelist.render(context))
            pagecache.near.set_many({key: html}, pagecache.seconds(clock))
        if request is not None and pagecache.CSRF_PLACEHOLDER in html:
            pagecache.fill_later(request)
        return mark_safe(html)  # noqa: S308 - the template's own rendering


@register.tag
def contentcache(parser, token):
    bits = token.split_contents()
    clock = None
    if len(bits) > 2 and bits[-1].startswith("clock="):
        clock = parser.compile_filter(bits.pop()[len("clock=") :])
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% contentcache %} needs a name: {% contentcache "name" vary_on… %}')
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], clock
    )
