"""The blocks of a story's body: text, photos and video links. Text is Wagtail rich text with a
short list of features, sanitised again when rendered (catalog/catalogue/richtext.py), whoever
wrote it: a producer through its form, or an editor in the CMS admin."""

from cms.blocks import PhotoBlock, SafeRichTextBlock, VideoLinkBlock

# The names these blocks had when they lived here (the stories' migrations refer to them).
StoryTextBlock, StoryImageBlock = SafeRichTextBlock, PhotoBlock

BODY_BLOCKS = [
    ("paragraph", SafeRichTextBlock()),
    ("image", PhotoBlock()),
    ("video", VideoLinkBlock()),
]
