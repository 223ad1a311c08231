"""The province's news (/tin-tuc/): the OCOP office's articles about the programme, policies,
training courses, trade promotion and success stories — written in Vietnamese by the editors,
scheduled, revised and previewed with Wagtail's own tools, listed with filters and feeds.

An article's products are links, not copies: its product cards go through the listing rule at
every rendering, so a product that loses its certificate disappears from the article by itself."""

import functools
import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import renditions
from cms.blocks import ARTICLE_BLOCKS
from cms.choosers import product_chooser_viewset
from cms.jsonld import image_url, jsonld, plain
from cms.locales import localized
from cms.search import FOLDED, FoldedText
from marketplace.pagecache import DAY, PublicPage, kept
from marketplace.site import absolute_url

#: Renditions of the lead image: cards (index, home page, "more in this category"), the article
#: itself, and OpenGraph/JSON-LD (1200×630 is what social networks and Google crop to).
CARD_RENDITION = renditions.NEWS_CARD
LEAD_RENDITION = renditions.NEWS_LEAD
NEWS_PER_PAGE = 12
FEED_ITEMS = 20
MORE_IN_CATEGORY = 3
DEFAULT_OFFICE = "Văn phòng Điều phối Nông thôn mới tỉnh Bắc Giang"
#: What a tag's slug may look like in ``?tag=``; anything else finds nothing (and never reaches
#: the database: PostgreSQL refuses NUL characters in text).
TAG_SLUG = re.compile(r"[-\w]{1,100}")


class Category(models.TextChoices):
    PROGRAMME = "programme", _("OCOP programme")
    POLICY = "policy", _("Policy")
    TRAINING = "training", _("Training")
    TRADE_PROMOTION = "trade-promotion", _("Trade promotion")
    SUCCESS_STORIES = "success-stories", _("Success stories")


def live_news():
    """Published articles in the visitor's language, newest first: live, and not past their
    expiry date even if Wagtail's ``publish_scheduled`` has not run yet."""
    now = timezone.now()
    pages = NewsPage.objects.live().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    return localized(pages).order_by("-first_published_at", "-pk")


def for_cards(pages):
    """``pages`` with their lead image and its card rendition: two queries whatever their number."""
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return pages.prefetch_related(Prefetch("lead_image", queryset=images))


def latest_news(count, category=None):
    """The ``count`` newest live articles in the visitor's language (of ``category`` if given),
    ready for cards: three queries whatever ``count``."""
    pages = live_news()
    if category:
        pages = pages.filter(category=category)
    return list(for_cards(pages)[:count])


def news_index():
    """The live news index in the visitor's language, or ``None``."""
    return localized(NewsIndexPage.objects.live()).order_by("pk").first()


def news_feed(index):
    """The articles of ``index``'s RSS and Atom feeds, with their tags (two queries)."""
    return list(live_news().child_of(index).prefetch_related("tags")[:FEED_ITEMS])


def valid_tag(value):
    return isinstance(value, str) and TAG_SLUG.fullmatch(value) is not None


class NewsIndexPage(PublicPage, RoutablePageMixin, Page):
    """The list of articles, newest first (/tin-tuc/), filtered by category or tag, and its feeds
    (/tin-tuc/rss/, /tin-tuc/atom/)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1
    template = "cms/news/index_page.html"

    class Meta:
        verbose_name = _("news index")

    def feed_urls(self, request=None):
        """The addresses of the RSS and Atom feeds (site-relative on a one-site install)."""
        base = self.get_url(request)
        return {"rss": base + self.reverse_subpage("rss"), "atom": base + self.reverse_subpage("atom")}

    @path("rss/", name="rss")
    def rss(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = live_news().child_of(self)
        category = request.GET.get("category")
        if category not in Category.values:
            category = None  # an unknown category is ignored: every article is listed
        tag_slug, tag = request.GET.get("tag"), None
        if tag_slug is not None:
            tag = Tag.objects.filter(slug=tag_slug).first() if valid_tag(tag_slug) else None
            articles = articles.filter(tags=tag) if tag is not None else articles.none()
        if category:
            articles = articles.filter(category=category)
        paginator = Paginator(for_cards(articles), NEWS_PER_PAGE)
        # How many there are, kept with the list's pieces (the list itself is rendered only when
        # its piece is missing: index_page.html).
        paginator.count = kept("news-count", self.pk, category, tag and tag.pk, make=articles.count, clock=DAY)
        page = paginator.get_page(request.GET.get("page"))
        query = [(key, value) for key, value in (("category", category), ("tag", tag and tag.slug)) if value]
        context.update(
            articles=page,
            paginator=paginator,
            category=category,
            category_label=Category(category).label if category else "",
            categories=Category.choices,
            tag=tag,
            tag_slug=tag_slug,
            filter_query=urlencode(query),
            tags=self.tags_in_use(),
            feeds=self.feed_urls(request),
        )
        return context

    def tags_in_use(self):
        """The tags of the live articles under this index (one query)."""
        articles = live_news().child_of(self).values("pk")
        return Tag.objects.filter(news_newspagetag_items__content_object__in=articles).distinct().order_by("name")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPage(PublicPage, FoldedText, Page):
    """One article: lead photo, text blocks, tags, products; scheduled publishing, expiry,
    revisions and preview are Wagtail's own (the "Publishing" tab)."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.PROGRAMME)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead photo"),
        help_text=_("Shown at the top of the article, on cards and when the article is shared."),
    )
    lead_image_caption = models.CharField(_("photo caption"), max_length=250, blank=True)
    lead_image_credit = models.CharField(_("photo credit"), max_length=120, blank=True)
    intro = models.CharField(
        _("introduction"), max_length=300, help_text=_("One or two sentences shown on cards and in search results.")
    )
    body = StreamField(ARTICLE_BLOCKS, blank=True, verbose_name=_("body"))
    author = models.CharField(_("author or office"), max_length=200, default=DEFAULT_OFFICE)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading=_("Lead photo"),
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("category"), FieldPanel("tags"), FieldPanel("author")], heading=_("Filing")),
        InlinePanel("related_products", label=_("Related products"), max_num=8),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("category_name"),
        index.FilterField("category"),
        FOLDED,
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "cms/news/news_page.html"

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def category_name(self):
        """The category's name for search, in Vietnamese as editors and readers type it."""
        from django.utils import translation

        with translation.override("vi"):
            return str(self.get_category_display())

    @property
    def is_expired(self):
        return self.expire_at is not None and self.expire_at <= timezone.now()

    def route(self, request, path_components):
        """An article past its expiry date is gone, even before ``publish_scheduled`` unpublishes it."""
        if not path_components and self.is_expired:
            raise Http404
        return super().route(request, path_components)

    def related_product_cards(self):
        """The chosen products that are listable now, in the editor's order."""
        from catalog.search import service  # catalogue models: not importable while models load

        return service.load([link.product_id for link in self.related_products.all()])

    def more_in_category(self):
        articles = live_news().sibling_of(self, inclusive=False).filter(category=self.category)
        return list(for_cards(articles)[:MORE_IN_CATEGORY])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index = kept("news-index-of", self.pk, make=lambda: NewsIndexPage.objects.parent_of(self).first(), clock=DAY)
        # Worked out only when rendered: the article's body and head are kept for the day
        # ({% contentcache %} in news_page.html), and then none of these is asked for.
        tags = functools.cache(lambda: list(self.tags.all()))
        context.update(
            index=index,
            feeds=functools.cache(lambda: index.feed_urls(request) if index else None),
            tags=tags,
            products=functools.cache(self.related_product_cards),
            more=functools.cache(self.more_in_category),
        )
        if not getattr(request, "is_preview", False):
            context["jsonld"] = functools.cache(lambda: self.jsonld(absolute_url(request.path), tags()))
        return context

    def jsonld(self, url, tags=()):
        """schema.org NewsArticle data (``<`` ``>`` ``&`` escaped for a script element)."""
        from django.conf import settings

        publisher = {
            "@type": "Organization",
            "name": settings.OSCAR_SHOP_NAME,
            "url": absolute_url("/"),
            "logo": {"@type": "ImageObject", "url": absolute_url(static("theme/img/og-default.png"))},
        }
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": plain(self.intro),
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "articleSection": str(self.get_category_display()),
            "author": {"@type": "Organization", "name": self.author or DEFAULT_OFFICE},
            "publisher": publisher,
            "inLanguage": self.locale.language_code,
        }
        if self.lead_image_id:
            data["image"] = [image_url(self.lead_image, LEAD_RENDITION)]
        if self.first_published_at:
            data["datePublished"] = timezone.localtime(self.first_published_at).isoformat()
        if self.last_published_at:
            data["dateModified"] = timezone.localtime(self.last_published_at).isoformat()
        if tags:
            data["keywords"] = [tag.name for tag in tags]
        return jsonld(data)


class NewsPageProduct(Orderable):
    """A product the article is about; shown as a card only while it is listable."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_products")
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )

    panels = [FieldPanel("product", widget=product_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("related product")
        verbose_name_plural = _("related products")
