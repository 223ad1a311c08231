"""Product stories: the story of one certified product — told by its producer and approved by
the province's editors (the "Duyệt câu chuyện sản phẩm" workflow), or written by the province
itself — listed at /cau-chuyen-san-pham/ and shown on the product's page once published.

A story links to its product, not to a copy of it: the product card on the story goes through
the listing rule, so a story about a product that lost its certificate stays readable but
offers nothing to buy."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from cms import renditions
from cms.choosers import product_chooser_viewset
from cms.jsonld import jsonld, plain
from cms.locales import localized
from cms.search import FOLDED, FoldedText
from cms.videos import platform, validate_video_url
from marketplace.pagecache import PublicPage
from marketplace.site import absolute_url

from .blocks import BODY_BLOCKS

#: The rendition of a story's photo on cards (the index, the product page).
CARD_RENDITION = renditions.STORY_CARD
STORIES_PER_PAGE = 12


def first_image_id(page):
    """The id of the first photo of ``page``'s body, read from the stored blocks (no query)."""
    for block in page.body.raw_data:
        if block.get("type") == "image":
            value = block.get("value")
            image_id = value.get("image") if isinstance(value, dict) else value
            if isinstance(image_id, int):
                return image_id
    return None


def attach_card_images(stories):
    """Set ``story.card_image`` (the first photo, or ``None``) on each story, in two queries
    whatever the number of stories (the images and their card renditions)."""
    stories = list(stories)
    ids = {story.pk: first_image_id(story) for story in stories}
    wanted = {image_id for image_id in ids.values() if image_id}
    images = {}
    if wanted:
        images = get_image_model().objects.filter(pk__in=wanted).prefetch_renditions(CARD_RENDITION).in_bulk()
    for story in stories:
        story.card_image = images.get(ids[story.pk])
    return stories


def live_stories():
    """Published stories in the visitor's language, newest first."""
    stories = localized(ProductStoryPage.objects.live()).select_related("product", "producer")
    return stories.order_by("-first_published_at", "-pk")


class StoryIndexPage(PublicPage, Page):
    """The list of published stories, newest first (/cau-chuyen-san-pham/)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["stories.ProductStoryPage"]
    max_count = 1
    template = "cms/stories/index_page.html"

    class Meta:
        verbose_name = _("product stories index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(live_stories().child_of(self), STORIES_PER_PAGE)
        stories = paginator.get_page(request.GET.get("page"))
        attach_card_images(stories.object_list)
        context.update(stories=stories, paginator=paginator)
        return context


class ProductStoryPage(PublicPage, FoldedText, Page):
    """The story of one product: who makes it, how, where — with photos and a video link."""

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="stories", verbose_name=_("product")
    )
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        verbose_name=_("producer"),
        help_text=_("The producer who tells this story and may edit it; empty for the province's own stories."),
    )
    intro = models.CharField(
        _("introduction"), max_length=300, help_text=_("One or two sentences shown on cards and in search results.")
    )
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("story"))
    video_url = models.URLField(
        _("video link"),
        max_length=500,
        blank=True,
        validators=[validate_video_url],
        help_text=_("The https:// link of a video on YouTube, Facebook, TikTok or Vimeo."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("product", widget=product_chooser_viewset.widget_class),
        FieldPanel("producer"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("video_url"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body"), FOLDED]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    template = "cms/stories/story_page.html"

    class Meta:
        verbose_name = _("product story")
        verbose_name_plural = _("product stories")

    @property
    def video_platform(self):
        return platform(self.video_url)

    def get_context(self, request, *args, **kwargs):
        from oscar.core.loading import get_model

        context = super().get_context(request, *args, **kwargs)
        product = (
            get_model("catalogue", "Product")
            .objects.for_cards()
            .select_related("producer__legacy_province", "producer__legacy_district")
            .filter(pk=self.product_id)
            .first()
        )
        context["product"] = product
        context["product_on_sale"] = product is not None and product.is_listable()
        context["cards"] = [product] if context["product_on_sale"] else []
        attach_card_images([self])
        context["jsonld"] = self.jsonld(absolute_url(request.path), product)
        return context

    def jsonld(self, url, product=None):
        """schema.org Article data for the story (``<`` ``>`` ``&`` escaped for a script element)."""
        product = product or self.product
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title[:110],
            "description": plain(self.intro),
            "url": url,
            "about": {"@type": "Product", "name": product.get_title()},
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.producer_id:
            data["author"] = {"@type": "Organization", "name": self.producer.name}
        image = getattr(self, "card_image", None)
        if image is not None:
            image_url = image.file.url
            data["image"] = absolute_url(image_url) if image_url.startswith("/") else image_url
        return jsonld(data)
