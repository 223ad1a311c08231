"""The home page's block of live-selling sessions (the lead adds it to the home page's blocks):
live now and coming up, with a link to /livestream/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blockcache import CachedRenderMixin


class LiveSessionsBlock(CachedRenderMixin, blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), default=_("Livestream sales"))
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("How many"))

    class Meta:
        icon = "media"
        template = "cms/live/blocks/live_sessions.html"
        label = _("Live-selling sessions")

    def get_context(self, value, parent_context=None):
        from cms.locales import localized

        from .models import LiveIndexPage, current_and_upcoming  # pages: not importable while models load

        context = super().get_context(value, parent_context)
        context["sessions"] = current_and_upcoming(value["count"])
        context["index"] = localized(LiveIndexPage.objects.live()).first()
        return context
