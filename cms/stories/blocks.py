"""The blocks of a story's body: text, photos and video links. Text is Wagtail rich text with a
short list of features, sanitised again when rendered (catalog/catalogue/richtext.py), whoever
wrote it: a producer through its form, or an editor in the CMS admin."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from catalog.catalogue.richtext import sanitize_html

from .videos import MAX_LENGTH, platform, validate_video_url

#: What an editor may use in a story's text: every tag they produce is allowed by sanitize_html.
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class StoryTextBlock(blocks.RichTextBlock):
    """Rich text rendered through ``sanitize_html`` after Wagtail has expanded its internal links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        return mark_safe(sanitize_html(super().render_basic(value, context)))  # safe: sanitised

    class Meta:
        icon = "pilcrow"
        label = _("Text")


class StoryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Photo"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "cms/stories/blocks/image.html"


class VideoLinkBlock(blocks.URLBlock):
    """A link to a video on YouTube, Facebook, TikTok or Vimeo, shown as a card (cms/stories/videos.py)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_LENGTH, validators=[validate_video_url], **kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["platform"] = platform(value)
        return context

    class Meta:
        icon = "media"
        label = _("Video link")
        help_text = _("The https:// link of a video on YouTube, Facebook, TikTok or Vimeo.")
        template = "cms/stories/blocks/video.html"


BODY_BLOCKS = [
    ("paragraph", StoryTextBlock()),
    ("image", StoryImageBlock()),
    ("video", VideoLinkBlock()),
]
