"""THE RENDITIONS of Wagtail images that public pages show — the one list of them.

Wagtail makes a rendition the first time a page asks for it, with an INSERT during that GET
(and a generation bump of the page cache). Instead every rendition listed here is made when an
image is saved (:func:`make_renditions`, connected in :mod:`cms.apps`), so that reading a page
never writes. A template's ``{% image … spec %}`` and the code's specs must be in :data:`SPECS`
(tests/cms/test_renditions.py checks the templates).
"""

import logging

log = logging.getLogger(__name__)

SHARE = "fill-1200x630"  # social cards (og:image), structured data, fair and live covers
HERO = "fill-1200x500"  # the home page's hero block
PHOTO = "max-1000x1000"  # photos in a story's or article's body
NEWS_LEAD = "fill-1200x630-c100"  # an article's lead picture
NEWS_CARD = "fill-480x320-c100"  # an article's card in lists
STORY_CARD = "fill-480x320"  # a story's card; a fair's photos
LIVE_CARD = "fill-480x270"  # a livestream's card
THUMBNAIL = "fill-160x160"  # a story's photos in the producers' dashboard
SPECS = (SHARE, HERO, PHOTO, NEWS_LEAD, NEWS_CARD, STORY_CARD, LIVE_CARD, THUMBNAIL)


def make_renditions(sender, instance, raw=False, **kwargs):
    """Receiver of an image's ``post_save``: every rendition of :data:`SPECS` (those already made
    are found, not made again)."""
    if raw or not instance.file:
        return
    try:
        instance.get_renditions(*SPECS)
    except (OSError, ValueError):  # a missing or broken file (SourceImageIOError): made on first use
        log.warning("Renditions of image %s not made in advance", instance.pk, exc_info=True)
