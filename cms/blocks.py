"""StreamField blocks for the CMS pages. Blocks that show products read live catalogue data
through the listing rule, so a delisted product disappears from pages by itself."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .choosers import product_chooser_viewset

ProductChooserBlock = product_chooser_viewset.get_block_class(name="ProductChooserBlock", module_path="cms.blocks")


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
    count = blocks.IntegerBlock(default=8, min_value=1, max_value=24, label=_("How many"))

    class Meta:
        icon = "pick"
        template = "cms/blocks/featured_products.html"
        label = _("Featured products")

    def get_context(self, value, parent_context=None):
        from .featured import featured_products

        context = super().get_context(value, parent_context)
        chosen = [p.pk for p in value["products"] if p is not None]
        context["products"] = featured_products(value["rule"], chosen, value["count"])
        return context


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    image = ImageChooserBlock(required=False, label=_("Image"))
    link_text = blocks.CharBlock(required=False, label=_("Button text"))
    link_url = blocks.CharBlock(required=False, label=_("Button link"))

    class Meta:
        icon = "image"
        template = "cms/blocks/hero.html"
        label = _("Hero")


class GroupLinksBlock(blocks.StructBlock):
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


BODY_BLOCKS = [
    ("hero", HeroBlock()),
    ("featured_products", FeaturedProductsBlock()),
    ("product_groups", GroupLinksBlock()),
    ("text", blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], label=_("Text"))),
]
