"""Rich text written by producers (product descriptions), made safe: a few formatting tags and
links to http, https and mailto addresses; everything else — scripts, event handlers, styles,
images, ``javascript:`` links — is removed. Used on save and again on output."""

import nh3

TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "a"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html):
    """``html`` with only the allowed tags, attributes and link schemes; links get ``rel="noopener"``."""
    if not html:
        return ""
    return nh3.clean(str(html), tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener")
