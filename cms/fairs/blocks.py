"""The blocks of trade fairs: a programme item, and the home page's "upcoming fairs" (wired into
the home page's body by cms/blocks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blockcache import CachedRenderMixin


class ProgrammeItemBlock(blocks.StructBlock):
    """One item of a fair's programme: what happens, on which day, at what time."""

    day = blocks.DateBlock(required=False, label=_("Day"), help_text=_("Empty: every day of the fair."))
    time = blocks.CharBlock(required=False, max_length=40, label=_("Time"), help_text=_("e.g. 08:00 – 09:30"))
    what = blocks.CharBlock(max_length=250, label=_("What"))

    class Meta:
        icon = "time"
        label = _("Programme item")


PROGRAMME_BLOCKS = [("item", ProgrammeItemBlock())]


class UpcomingFairsBlock(CachedRenderMixin, blocks.StructBlock):
    """The fairs on now and the next ones (soonest first), with a link to all fairs: read at every
    rendering, so a fair leaves the home page by itself once it has ended."""

    title = blocks.CharBlock(label=_("Title"), default=_("OCOP trade fairs"))
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("How many"))

    class Meta:
        icon = "date"
        label = _("Upcoming trade fairs")
        template = "cms/fairs/blocks/upcoming_fairs.html"

    def get_context(self, value, parent_context=None):
        from .models import fair_index, upcoming_fairs  # pages: not importable while models load

        context = super().get_context(value, parent_context)
        context["fairs"] = upcoming_fairs(value["count"])
        context["index"] = fair_index()
        return context
