"""The blocks of a story's body: text, photos and video links. Text is Wagtail rich text with a
short list of features, sanitised again when rendered (catalog/catalogue/richtext.py), whoever
wrote it: a producer through its form, or an editor in the CMS admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blockcache import CachedRenderMixin
from cms.blocks import PhotoBlock, SafeRichTextBlock, VideoLinkBlock
from cms.locales import localized
from marketplace import pagecache

# The names these blocks had when they lived here (the stories' migrations refer to them).
StoryTextBlock, StoryImageBlock = SafeRichTextBlock, PhotoBlock

BODY_BLOCKS = [
    ("paragraph", SafeRichTextBlock()),
    ("image", PhotoBlock()),
    ("video", VideoLinkBlock()),
]


class LatestStoriesBlock(CachedRenderMixin, blocks.StructBlock):
    """For the home page: the newest published product stories, in the visitor's language."""

    clock = pagecache.DAY  # shows nothing of the clock

    title = blocks.CharBlock(label=_("Title"))
    count = blocks.IntegerBlock(default=3, min_value=1, max_value=12, label=_("How many"))

    class Meta:
        icon = "openquote"
        template = "cms/stories/blocks/latest_stories.html"
        label = _("Product stories")

    def get_context(self, value, parent_context=None):
        from .models import StoryIndexPage, attach_card_images, live_stories  # not importable while models load

        context = super().get_context(value, parent_context)
        context["stories"] = attach_card_images(live_stories()[: value["count"]])
        context["index"] = localized(StoryIndexPage.objects.live()).first() if context["stories"] else None
        return context
