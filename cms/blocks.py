"""StreamField blocks for the CMS pages. Blocks that show products read live catalogue data
through the listing rule, so a delisted product disappears from pages by itself."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from catalog.catalogue.richtext import sanitize_html
from marketplace import pagecache

from .blockcache import CachedRenderMixin
from .choosers import product_chooser_viewset
from .videos import MAX_LENGTH, platform, validate_video_url

ProductChooserBlock = product_chooser_viewset.get_block_class(name="ProductChooserBlock", module_path="cms.blocks")


def _province_choices():
    """The 63 legacy provinces (GSO code, name), read when the editor opens the form."""
    from marketplace.adminunits.models import LegacyProvince

    return [(p.code, p.name) for p in LegacyProvince.objects.order_by("name")]


class FeaturedProductsBlock(blocks.StructBlock):
    RULES = [
        ("chosen", _("Only the products chosen below")),
        ("newest_5_star", _("Newest 5★ products")),
        ("newest", _("Newest certified products")),
        ("top_rated", _("Highest rated, newest first")),
    ]

    title = blocks.CharBlock(label=_("Title"))
    rule = blocks.ChoiceBlock(choices=RULES, default="newest_5_star", label=_("Fill with"))
    products = blocks.ListBlock(
        ProductChooserBlock(),
        required=False,
        label=_("Chosen products"),
        help_text=_("Shown first; products that lose their certificate disappear by themselves."),
    )
    province = blocks.ChoiceBlock(
        choices=_province_choices,
        required=False,
        label=_("Only from the province"),
        help_text=_("Leave empty for products from every province."),
    )
    count = blocks.IntegerBlock(default=8, min_value=1, max_value=24, label=_("How many"))

    class Meta:
        icon = "pick"
        template = "cms/blocks/featured_products.html"
        label = _("Featured products")

    def product_ids(self, value):
        from .featured import featured_ids  # catalogue models: not importable while models load

        chosen = [p.pk for p in value["products"] if p is not None]
        return featured_ids(value["rule"], chosen, value["count"], value.get("province"))

    def get_context(self, value, parent_context=None):
        return _with_products(self, value, super().get_context(value, parent_context))


# What a browser ignores in a link (WHATWG URL parsing): tabs and newlines anywhere, control
# characters and spaces at either end; so "java\tscript:" and " javascript:" are javascript: links.
_DROPPED_IN_LINKS = re.compile(r"[\t\n\r]")
_TRIMMED_FROM_LINKS = "".join(chr(code) for code in range(0x21))


def validate_link(value):
    """A link an editor may put on a button: an http(s) address or a path on this site.

    Anything else could run script or load content when clicked (``javascript:``, ``data:``,
    ``vbscript:``, in any case and spelling a browser accepts); "//host" and "/\\host" are other
    sites without a scheme.
    """
    link = _DROPPED_IN_LINKS.sub("", value).strip(_TRIMMED_FROM_LINKS)
    if link.startswith("/") and not link.startswith(("//", "/\\")):
        return
    parts = urlsplit(link)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return
    raise ValidationError(
        _("Enter a web address starting with https:// or http://, or a path on this site starting with /."),
        code="unsafe_link",
    )


class LinkBlock(blocks.CharBlock):
    """A button's link, checked by ``validate_link``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, validators=[validate_link], **kwargs)


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    image = ImageChooserBlock(required=False, label=_("Image"))
    link_text = blocks.CharBlock(required=False, label=_("Button text"))
    link_url = LinkBlock(
        required=False,
        label=_("Button link"),
        help_text=_("A web address (https://…) or a path on this site (/…)."),
    )

    class Meta:
        icon = "image"
        template = "cms/blocks/hero.html"
        label = _("Hero")


class GroupLinksBlock(CachedRenderMixin, blocks.StructBlock):
    clock = pagecache.DAY  # shows nothing of the clock

    title = blocks.CharBlock(label=_("Title"))

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/group_links.html"
        label = _("Product groups")

    def get_context(self, value, parent_context=None):
        from oscar.core.loading import get_model

        context = super().get_context(value, parent_context)
        context["groups"] = get_model("catalogue", "Category").get_root_nodes().filter(code__isnull=False)
        return context


# --- The blocks of articles: news, stories, fairs, live sessions -------------------------------

#: What an editor may use in rich text: every tag they produce is allowed by sanitize_html.
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text rendered through ``sanitize_html`` after Wagtail has expanded its internal
    links: whoever wrote it (a producer through its form, an editor in /cms-admin/), a page
    never carries a script."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        return mark_safe(sanitize_html(super().render_basic(value, context)))  # safe: sanitised

    class Meta:
        icon = "pilcrow"
        label = _("Text")


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Photo"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "cms/blocks/photo.html"


class VideoLinkBlock(blocks.URLBlock):
    """A link to a video on YouTube, Facebook, TikTok or Vimeo, shown as a card (cms/videos.py)."""

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
        template = "cms/blocks/video.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class ProductCardsBlock(blocks.StructBlock):
    """Cards of products an editor chose, through the listing rule at every rendering: a product
    that loses its certificate disappears from the page; the rest of the article stays."""

    title = blocks.CharBlock(required=False, max_length=120, label=_("Title"))
    products = blocks.ListBlock(ProductChooserBlock(), min_num=1, max_num=12, label=_("Products"))

    class Meta:
        icon = "pick"
        label = _("Product cards")
        template = "cms/blocks/product_cards.html"

    def product_ids(self, value):
        return [p.pk for p in value["products"] if p is not None]

    def get_context(self, value, parent_context=None):
        return _with_products(self, value, super().get_context(value, parent_context))


def _with_products(block, value, context):
    """A product block's context: its products through the listing rule, from the page's
    ``loaded_products`` (:func:`load_block_products`) when the page loaded them already."""
    from catalog.search import service  # catalogue models: not importable while models load

    context["products"] = service.load(block.product_ids(value), context.get("loaded_products"))
    return context


def load_block_products(stream):
    """The products of every product block of a StreamField value, loaded in one query set for
    the whole page rather than one per block: pass it to the blocks as ``loaded_products``."""
    from catalog.search import service

    id_lists = [child.block.product_ids(child.value) for child in stream if hasattr(child.block, "product_ids")]
    return service.load_many(id_lists)


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False, max_length=200, label=_("Link text"), help_text=_("The document's title if empty.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "cms/blocks/document.html"


#: The body of an article (news, fairs' programmes, live sessions).
ARTICLE_BLOCKS = [
    ("paragraph", SafeRichTextBlock()),
    ("image", PhotoBlock()),
    ("quote", QuoteBlock()),
    ("video", VideoLinkBlock()),
    ("products", ProductCardsBlock()),
    ("document", DocumentBlock()),
]


class SalesPointsTeaserBlock(CachedRenderMixin, blocks.StructBlock):
    """Where the province's sales points are — a dot map drawn on the server from their
    coordinates (no tiles, no script), their number and a way to the locator."""

    clock = pagecache.DAY  # shows nothing of the clock

    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(required=False, label=_("Text"))

    class Meta:
        icon = "site"
        template = "cms/blocks/sales_points_teaser.html"
        label = _("Sales points map")

    def get_context(self, value, parent_context=None):
        from .teasers import sales_points_map

        context = super().get_context(value, parent_context)
        context["map"] = sales_points_map()
        return context


BODY_BLOCKS = [
    ("hero", HeroBlock()),
    ("featured_products", FeaturedProductsBlock()),
    ("product_groups", GroupLinksBlock()),
    ("sales_points", SalesPointsTeaserBlock()),
    ("text", blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], label=_("Text"))),
]
