"""Video links (stories, news, live sessions): a link to a video on YouTube, Facebook, TikTok
or Vimeo, shown as a card that opens the platform. Nothing is fetched from the platform (no oEmbed call when a page
is rendered, no third-party frame): pages load only from our own server, and a story still
renders when the platform is slow or unreachable."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The platforms a video link may point to, by host name (without "www.", "m.").
PLATFORMS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "facebook.com": "Facebook",
    "fb.watch": "Facebook",
    "tiktok.com": "TikTok",
    "vm.tiktok.com": "TikTok",
    "vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
}
_PREFIXES = ("www.", "m.", "web.")
MAX_LENGTH = 500
# Whitespace, control characters and backslashes have no place in a link typed or pasted by a
# person; browsers ignore or reinterpret some of them ("java\tscript:", "https:\\evil").
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\\]")


def platform(url):
    """The platform's name ("YouTube") of a video link, or ``None`` when it is not one we accept."""
    if not url or len(url) > MAX_LENGTH or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https" or parts.username or parts.password or port not in (None, 443):
        return None
    for prefix in _PREFIXES:
        if host.startswith(prefix) and host[len(prefix) :] in PLATFORMS:
            host = host[len(prefix) :]
            break
    return PLATFORMS.get(host)


def validate_video_url(value):
    if value and platform(value) is None:
        raise ValidationError(
            _("Paste the https:// link of a video on YouTube, Facebook, TikTok or Vimeo."), code="video_link"
        )


#: The platforms a live-selling session is broadcast on (cms/live): Vimeo has no live shopping.
LIVE_PLATFORMS = ("Facebook", "TikTok", "YouTube")


def validate_live_url(value):
    """A livestream's link: https on Facebook, TikTok or YouTube (the same checks as a video link)."""
    if value and platform(value) not in LIVE_PLATFORMS:
        raise ValidationError(
            _("Paste the https:// link of the broadcast on Facebook, TikTok or YouTube."), code="live_link"
        )
